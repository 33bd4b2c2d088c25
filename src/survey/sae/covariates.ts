import { SurveyError } from '../errors.ts';
import type { AreaCovariates } from './small-area.ts';

/**
 * District covariates from a table a user imports (census shares by district, ...): one row per district, the
 * district column named like the survey's, every other column a number; a column named `population` is the
 * district's population (benchmark weight), not a covariate. Errors name the file's row and column.
 */
export function covariatesFromTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  areaColumn: string,
  where = 'covariates',
): AreaCovariates[] {
  const names = header.map((h) => h.replace(/^\uFEFF/, '').trim());
  const areaIndex = names.indexOf(areaColumn);
  if (areaIndex < 0) {
    throw new SurveyError('fh_bad_covariate', `${where}: no column "${areaColumn}" (columns: ${names.join(', ')})`);
  }
  const popIndex = names.indexOf('population');
  const covIndex = names.map((_, j) => j).filter((j) => j !== areaIndex && j !== popIndex);
  if (covIndex.length === 0)
    throw new SurveyError('fh_bad_covariate', `${where}: no covariate column besides "${areaColumn}"`);
  const seen = new Set<string>();
  return rows
    .filter((r) => r.some((c) => c.trim() !== ''))
    .map((r, k) => {
      const area = (r[areaIndex] ?? '').trim();
      const rowNo = k + 2;
      if (area === '') throw new SurveyError('fh_bad_covariate', `${where}: row ${rowNo} has no ${areaColumn}`);
      if (seen.has(area))
        throw new SurveyError('fh_bad_covariate', `${where}: district "${area}" appears twice (row ${rowNo})`);
      seen.add(area);
      const num = (j: number) => {
        const s = (r[j] ?? '').trim();
        const v = Number(s);
        if (s === '' || !Number.isFinite(v)) {
          throw new SurveyError(
            'fh_bad_covariate',
            `${where}: row ${rowNo}, column "${names[j]}" is not a number: "${s}"`,
          );
        }
        return v;
      };
      const values: Record<string, number> = {};
      for (const j of covIndex) values[names[j]!] = num(j);
      return { area, values, population: popIndex >= 0 ? num(popIndex) : undefined };
    });
}
