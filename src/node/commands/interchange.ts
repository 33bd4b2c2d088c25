import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { bytesToBase64 } from '../../interchange/base64.ts';
import { problemText } from '../../interchange/problem.ts';
import { callOperation } from '../cli-dispatch.ts';
import { writePrivateFile } from '../private-file.ts';
import '../import-store.ts';
import { type Command, type CommandContext, optionalString, requireString, UsageError } from '../command.ts';

function lang(ctx: CommandContext): 'zh' | 'en' {
  const l = optionalString(ctx, 'lang') ?? 'zh';
  if (l !== 'zh' && l !== 'en') throw new UsageError('--lang must be zh or en');
  return l;
}

function readInput(file: string): string {
  try {
    return bytesToBase64(readFileSync(file));
  } catch (e) {
    throw Object.assign(new Error(`cannot read ${file}: ${(e as Error).message}`), { userFacing: true });
  }
}

const progress = (ctx: CommandContext) => (f: number, m?: string) => {
  if (process.stderr.isTTY) process.stderr.write(`\r${Math.round(f * 100)}% ${m ?? ''}   `);
  void ctx;
};

export const interchangeCommands: Command[] = [
  {
    name: 'import responses',
    summary: 'import an office response file (.xlsx or .csv) after checking every row against the form',
    usage:
      'FILE --db DB --form FORM_ID [--version V] [--dry-run] [--skip-unknown-columns] [--errors OUT.xlsx] [--lang zh|en]',
    options: {
      db: { type: 'string' },
      form: { type: 'string' },
      version: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'skip-unknown-columns': { type: 'boolean' },
      errors: { type: 'string' },
      lang: { type: 'string' },
    },
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const file = ctx.positionals[0]!;
      const db = requireString(ctx, 'db');
      const formId = requireString(ctx, 'form');
      const l = lang(ctx);
      const errorsOut = optionalString(ctx, 'errors');
      const r = await callOperation(
        db,
        'import/responses',
        {
          fileName: basename(file),
          data: readInput(file),
          formId,
          version: optionalString(ctx, 'version'),
          dryRun: ctx.values['dry-run'] === true,
          skipUnknownColumns: ctx.values['skip-unknown-columns'] === true,
          withErrorReport: Boolean(errorsOut),
        },
        { progress: progress(ctx) },
      );
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      const where = [r.format, r.sheet && `sheet "${r.sheet}"`, r.encoding].filter(Boolean).join(', ');
      ctx.out(`${basename(file)} (${where}): ${r.rowsTotal} rows`);
      const bad = r.mapping.filter((m) => !m.ok);
      if (bad.length) for (const m of bad) ctx.out(`  column ${m.column}: ${m.target}`);
      const shown = r.problems.slice(0, 200);
      for (const p of shown)
        (p.severity === 'error' ? ctx.err : ctx.out)(
          `${p.severity === 'error' ? 'error' : 'note'}: ${problemText(p, l)}`,
        );
      if (r.problems.length > shown.length)
        ctx.err(`... ${r.problems.length - shown.length} more (see --errors FILE.xlsx)`);
      for (const c of r.conflicts.slice(0, 50)) {
        ctx.out(`conflict: row ${c.row}, interview ${c.interviewId}: ${c.fields.join(', ')}`);
      }
      if (errorsOut && r.errorReport) {
        writePrivateFile(errorsOut, Buffer.from(r.errorReport, 'base64'));
        ctx.out(`problem list written to ${errorsOut}`);
      }
      ctx.out(r.message[l] ?? r.message.en ?? '');
      return r.status === 'refused' ? 1 : 0;
    },
  },
];

interchangeCommands.push({
  name: 'form template',
  summary: 'write a data-entry workbook (.xlsx) for a form: one row per respondent, dropdowns, checks, instructions',
  usage: 'FORM_ID --db DB --out FILE.xlsx [--version V] [--rows N]',
  options: { db: { type: 'string' }, out: { type: 'string' }, version: { type: 'string' }, rows: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const out = requireString(ctx, 'out');
    const rows = optionalString(ctx, 'rows');
    const r = await callOperation(requireString(ctx, 'db'), 'form/template', {
      formId: ctx.positionals[0]!,
      version: optionalString(ctx, 'version'),
      rows: rows ? Number(rows) : undefined,
    });
    writeFileSync(out, Buffer.from(r.data, 'base64'));
    ctx.out(`template written to ${out} (${r.columns} columns)`);
    return 0;
  },
});

interchangeCommands.push({
  name: 'import targets',
  summary:
    'import population targets (margins or cross-classified cells) from .xlsx or .csv; `census2020` adds the 2020 census defaults',
  usage: 'FILE|census2020 --db DB [--name NAME] [--form FORM_ID] [--tolerance 0.01] [--replace] [--lang zh|en]',
  options: {
    db: { type: 'string' },
    name: { type: 'string' },
    form: { type: 'string' },
    tolerance: { type: 'string' },
    replace: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    lang: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const db = requireString(ctx, 'db');
    const file = ctx.positionals[0]!;
    if (file === 'census2020') {
      const r = await callOperation(db, 'targets/ensureCensus', {});
      ctx.out(`target set census2020 ready (${r.targetSetId})`);
      return 0;
    }
    const l = lang(ctx);
    const tol = optionalString(ctx, 'tolerance');
    const r = await callOperation(db, 'targets/import', {
      fileName: basename(file),
      data: readInput(file),
      name: optionalString(ctx, 'name'),
      formId: optionalString(ctx, 'form'),
      tolerance: tol ? Number(tol) : undefined,
      replace: ctx.values.replace === true,
      dryRun: ctx.values['dry-run'] === true,
    });
    for (const p of r.problems) (p.severity === 'error' ? ctx.err : ctx.out)(`${p.severity}: ${problemText(p, l)}`);
    for (const t of r.totals) ctx.out(`  ${t.variables.join(' × ')}: total ${t.total}`);
    if (r.status === 'refused') return 1;
    if (r.status === 'preview') {
      ctx.out(`target set "${r.name}" checked: ${r.rows} rows (dry run, nothing stored)`);
      return 0;
    }
    ctx.out(`target set "${r.name}" stored: ${r.rows} rows`);
    return 0;
  },
});

interchangeCommands.push({
  name: 'export data',
  summary:
    'export one row per respondent with answers, scores, groups, region, stratum, PSU and every weight, as .csv, .sav (SPSS), .dta (Stata 14+) or .xlsx; --syntax adds .R/.do/.sps files that reproduce the estimates',
  usage:
    '--db DB --out FILE.csv|.sav|.dta|.xlsx [--form FORM_ID] [--scheme NAME|none] [--replicates jk1|jkn] [--syntax] [--labels] [--lang zh|en] [--lonely-psu fail|remove|certainty|adjust|average]',
  options: {
    db: { type: 'string' },
    out: { type: 'string' },
    form: { type: 'string' },
    scheme: { type: 'string' },
    replicates: { type: 'string' },
    syntax: { type: 'boolean' },
    labels: { type: 'boolean' },
    lang: { type: 'string' },
    'lonely-psu': { type: 'string' },
  },
  async run(ctx) {
    const out = requireString(ctx, 'out');
    const format = (['csv', 'sav', 'dta', 'xlsx'] as const).find((f) => out.toLowerCase().endsWith(`.${f}`));
    if (!format) throw new UsageError('--out must end in .csv, .sav, .dta or .xlsx');
    const replicates = optionalString(ctx, 'replicates');
    if (replicates !== undefined && replicates !== 'jk1' && replicates !== 'jkn') {
      throw new UsageError('--replicates must be jk1 or jkn');
    }
    const lonely = optionalString(ctx, 'lonely-psu');
    if (lonely !== undefined && !['fail', 'remove', 'certainty', 'adjust', 'average'].includes(lonely)) {
      throw new UsageError('--lonely-psu must be fail, remove, certainty, adjust or average');
    }
    const r = await callOperation(requireString(ctx, 'db'), 'export/data', {
      formId: optionalString(ctx, 'form'),
      format,
      labels: ctx.values.labels === true,
      lang: lang(ctx),
      weightingScheme: optionalString(ctx, 'scheme'),
      replicates: replicates as 'jk1' | 'jkn' | undefined,
      lonelyPsu: lonely as 'fail' | undefined,
      syntax: ctx.values.syntax === true,
      stem: basename(out).replace(/\.[^.]+$/, ''),
    });
    const dir = dirname(out);
    for (const f of r.files) {
      const path = f.fileName === r.files[0]!.fileName ? out : join(dir, f.fileName);
      // Respondents' data: readable by the user alone.
      writePrivateFile(path, Buffer.from(f.dataBase64, 'base64'));
      ctx.out(`written: ${path}`);
    }
    return 0;
  },
});
