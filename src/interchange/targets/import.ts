/**
 * Population targets from an office's file: margins (`variable, category, population`) or the cells of a cross
 * classification (one column per variable, then `population`). Categories must be choices of the form (names or
 * labels) or census age bands; margins whose totals disagree by more than the tolerance (default 1 %) are
 * reported, since raking to inconsistent margins cannot converge.
 */
import { allFields, type Form } from '../../form/model.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { type PopulationTarget, saveTargetSet } from '../../store/targets.ts';
import { type FileProblem, FileUnreadableError } from '../problem.ts';
import { ChoiceLookup, halfWidth } from '../responses/values.ts';
import { openTable } from '../table.ts';
import { AGE_BANDS } from './census.ts';

export interface TargetsImportResult {
  /** `preview`: a dry run that would import (nothing stored). */
  status: 'imported' | 'refused' | 'preview';
  name: string;
  targetSetId?: string;
  rows: number;
  /** Σ population of each table (a margin or a cross classification). */
  totals: { variables: string[]; total: number }[];
  problems: FileProblem[];
  tolerance: number;
  /** The rows read (all of them, also when refused or in a dry run): the preview the app shows and edits. */
  targets: PopulationTarget[];
}

/** Σ population of each table (a margin or a cross classification) of a target set. */
export function tableTotals(targets: readonly PopulationTarget[]): { variables: string[]; total: number }[] {
  const totals = new Map<string, number>();
  for (const t of targets)
    totals.set(JSON.stringify(t.variables), (totals.get(JSON.stringify(t.variables)) ?? 0) + t.population);
  return [...totals].map(([k, total]) => ({ variables: JSON.parse(k) as string[], total }));
}

/** The margins-disagree problem when the tables' totals are more than `tolerance` apart, else undefined. */
export function totalsProblem(
  totals: readonly { variables: string[]; total: number }[],
  tolerance: number,
): { zh: string; en: string } | undefined {
  if (totals.length < 2) return undefined;
  const max = Math.max(...totals.map((t) => t.total));
  const min = Math.min(...totals.map((t) => t.total));
  if (!(max > 0 && (max - min) / max > tolerance)) return undefined;
  const list = totals.map((t) => `${t.variables.join('×')} = ${t.total}`).join('; ');
  return {
    zh: `各边际的总人口不一致，相差超过 ${tolerance * 100}%：${list}。请核对数据来源，加权无法同时满足不一致的边际。`,
    en: `the margins' totals disagree by more than ${tolerance * 100} %: ${list}. Check the source: weighting cannot meet inconsistent margins.`,
  };
}

const POP = new Set(['population', 'pop', 'count', 'n', '人口', '人口数', '人数', '总人口']);
const VAR = new Set(['variable', '变量']);
const CAT = new Set(['category', '类别', '分类']);

function vocabulary(form: Form | undefined) {
  const byVar = new Map<string, (v: string) => string | undefined>();
  byVar.set('age_group', (v) =>
    AGE_BANDS.includes(v.replace(/[—–~～]/g, '-').replace(/岁$/, ''))
      ? v.replace(/[—–~～]/g, '-').replace(/岁$/, '')
      : undefined,
  );
  if (form) {
    for (const f of allFields(form)) {
      if (f.type === 'select_one' && f.listName) {
        const lookup = new ChoiceLookup(form.choices[f.listName] ?? []);
        byVar.set(f.name, (v) => lookup.find(v));
      } else if (f.type === 'text' && !byVar.has(f.name)) byVar.set(f.name, (v) => v);
    }
  }
  return byVar;
}

export function importTargets(
  db: SqlDriver,
  bytes: Uint8Array,
  opts: { fileName: string; name?: string; form?: Form; tolerance?: number; replace?: boolean; dryRun?: boolean },
): TargetsImportResult {
  const tolerance = opts.tolerance ?? 0.01;
  const name = opts.name ?? opts.fileName.replace(/\.[^.]+$/, '');
  const table = openTable(bytes, opts.fileName);
  const problems: FileProblem[] = [...table.problems];
  const sheet = table.sheet;
  const err = (
    row: number | undefined,
    column: string | undefined,
    value: string | undefined,
    zh: string,
    en: string,
    code: string,
  ) => problems.push({ code, severity: 'error', row, column, value, reason: { zh, en }, ...(sheet ? { sheet } : {}) });
  const vocab = vocabulary(opts.form);
  let header: string[] | undefined;
  const targets: PopulationTarget[] = [];
  for (const batch of table.batches()) {
    for (const r of batch) {
      const cells = Array.from(r.cells, (c) => halfWidth(c?.text ?? '').trim());
      if (!cells.some(Boolean)) continue;
      if (!header) {
        header = cells.map((c) => c.toLowerCase());
        if (!header.some((h) => POP.has(h))) {
          throw new FileUnreadableError('targets_no_population', {
            zh: '表头中没有“population”（人口数）列。目标人口文件应有 variable, category, population 三列，或每个变量一列再加 population 列。',
            en: 'The header has no "population" column. A targets file has the columns variable, category, population, or one column per variable followed by population.',
          });
        }
        continue;
      }
      const popAt = header.findIndex((h) => POP.has(h));
      const popText = cells[popAt]?.replace(/,/g, '') ?? '';
      const population = Number(popText);
      if (popText === '' || !Number.isFinite(population) || population < 0) {
        err(
          r.row,
          'population',
          cells[popAt],
          '人口数应为不小于 0 的数字',
          'the population must be a number ≥ 0',
          'bad_population',
        );
        continue;
      }
      let variables: string[];
      let raw: string[];
      const vAt = header.findIndex((h) => VAR.has(h));
      const cAt = header.findIndex((h) => CAT.has(h));
      if (vAt >= 0 && cAt >= 0) {
        variables = [cells[vAt] ?? ''];
        raw = [cells[cAt] ?? ''];
      } else {
        const idx = header.map((_, i) => i).filter((i) => i !== popAt && header![i]);
        variables = idx.map((i) => header![i]!);
        raw = idx.map((i) => cells[i] ?? '');
      }
      const categories: string[] = [];
      let ok = true;
      variables.forEach((v, k) => {
        const check = vocab.get(v);
        if (!check) {
          ok = false;
          err(
            r.row,
            v,
            v,
            `“${v}”不是问卷中的变量（可用：${[...vocab.keys()].join('、')}）`,
            `"${v}" is not a variable of the form (known: ${[...vocab.keys()].join(', ')})`,
            'unknown_variable',
          );
          return;
        }
        const c = check(raw[k]!);
        if (!c) {
          ok = false;
          err(
            r.row,
            v,
            raw[k],
            `“${raw[k]}”不是变量 ${v} 的类别`,
            `"${raw[k]}" is not a category of ${v}`,
            'unknown_category',
          );
          return;
        }
        categories.push(c);
      });
      if (ok) targets.push({ variables, categories, population });
    }
  }
  if (!header || targets.length === 0) {
    if (!problems.some((p) => p.severity === 'error')) {
      err(undefined, undefined, undefined, '文件中没有任何目标人口数据行', 'the file has no target rows', 'no_targets');
    }
  }
  const totals = tableTotals(targets);
  const disagree = totalsProblem(totals, tolerance);
  if (disagree) err(undefined, undefined, undefined, disagree.zh, disagree.en, 'margins_disagree');
  if (problems.some((p) => p.severity === 'error'))
    return { status: 'refused', name, rows: targets.length, totals, problems, tolerance, targets };
  if (opts.dryRun) return { status: 'preview', name, rows: targets.length, totals, problems, tolerance, targets };
  const saved = saveTargetSet(db, { name, source: `file ${opts.fileName}`, targets, replace: opts.replace });
  return {
    status: 'imported',
    name,
    targetSetId: saved.targetSetId,
    rows: saved.rows,
    totals,
    problems,
    tolerance,
    targets,
  };
}
