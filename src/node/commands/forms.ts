import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { dispatch } from '../../api/dispatch.ts';
import { bytesToBase64 } from '../../form/base64.ts';
import { formatIssue } from '../../form/xlsform/issues.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { callOperation, OperationFailed } from '../cli-dispatch.ts';
import { type Command, optionalString, requireString } from '../command.ts';

function readWorkbook(file: string): { fileName: string; data: string } {
  try {
    return { fileName: basename(file), data: bytesToBase64(new Uint8Array(readFileSync(file))) };
  } catch (e) {
    throw Object.assign(new Error(`cannot read ${file}: ${(e as Error).message}`), { userFacing: true });
  }
}

// `form check` stores nothing, so it runs without a database.
const NO_DATABASE = new Proxy({} as SqlDriver, {
  get() {
    throw new Error('form/check does not use the database');
  },
});

export const formCommands: Command[] = [
  {
    name: 'form check',
    summary: 'check a questionnaire workbook (XLSForm) without storing it; lists every problem',
    usage: 'FILE.xlsx',
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const file = ctx.positionals[0]!;
      const r = await dispatch({ db: NO_DATABASE }, 'form/check', readWorkbook(file));
      if (!r.ok) throw new OperationFailed(r.error.code, r.error.message);
      const { ok, issues, warnings, form } = r.result as {
        ok: boolean;
        issues: Parameters<typeof formatIssue>[0][];
        warnings: Parameters<typeof formatIssue>[0][];
        form: { formId: string; version: string; questions: number; scoredItems: number; maxScore: number } | null;
      };
      for (const w of warnings) ctx.err(formatIssue(w));
      if (ok && form) {
        ctx.out(
          `OK ${file}: form ${form.formId} version ${form.version}, ${form.questions} questions, ` +
            `${form.scoredItems} scored items (${form.maxScore} points)`,
        );
        return 0;
      }
      for (const i of issues) ctx.err(formatIssue(i));
      ctx.err(`${issues.length} problem${issues.length === 1 ? '' : 's'} in ${file}`);
      return 1;
    },
  },
  {
    name: 'form import',
    summary: 'store a questionnaire workbook (XLSForm) in the database as a new form version',
    usage: 'FILE.xlsx --db DB',
    options: { db: { type: 'string' } },
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const db = requireString(ctx, 'db');
      const r = await callOperation(db, 'form/import', readWorkbook(ctx.positionals[0]!));
      for (const w of r.warnings) ctx.err(formatIssue(w));
      const what = r.status === 'added' ? 'imported' : 'already stored (unchanged)';
      ctx.out(
        `${what}: form ${r.formId} version ${r.version} "${r.title}", ${r.questions} questions, ` +
          `${r.scoredItems} scored items (${r.maxScore} points)`,
      );
      return 0;
    },
  },
  {
    name: 'form list',
    summary: 'list the stored questionnaires and their versions',
    usage: '--db DB',
    options: { db: { type: 'string' } },
    async run(ctx) {
      const rows = await callOperation(requireString(ctx, 'db'), 'form/list', {});
      if (rows.length === 0) {
        ctx.out('no forms stored');
        return 0;
      }
      const w = Math.max(7, ...rows.map((r) => r.formId.length));
      const v = Math.max(7, ...rows.map((r) => r.version.length));
      ctx.out(`${'form_id'.padEnd(w)}  ${'version'.padEnd(v)}  ${'imported'.padEnd(20)}  title`);
      for (const r of rows) {
        ctx.out(`${r.formId.padEnd(w)}  ${r.version.padEnd(v)}  ${r.importedAt.slice(0, 19).padEnd(20)}  ${r.title}`);
      }
      return 0;
    },
  },
  {
    name: 'form export',
    summary: 'write a stored questionnaire to an XLSForm workbook',
    usage: 'FORM_ID [--version V] --db DB --out FILE.xlsx',
    options: { db: { type: 'string' }, version: { type: 'string' }, out: { type: 'string' } },
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const db = requireString(ctx, 'db');
      const out = requireString(ctx, 'out');
      const r = await callOperation(db, 'form/export', {
        formId: ctx.positionals[0]!,
        version: optionalString(ctx, 'version'),
      });
      writeFileSync(out, Buffer.from(r.data, 'base64'));
      ctx.out(`wrote ${out}: form ${r.formId} version ${r.version}`);
      return 0;
    },
  },
];
