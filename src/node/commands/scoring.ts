import { readFileSync } from 'node:fs';
import { callOperation } from '../cli-dispatch.ts';
import { type Command, type CommandContext, optionalString, requireString } from '../command.ts';

function readScheme(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw Object.assign(new Error(`cannot read ${file}: ${(e as Error).message}`), { userFacing: true });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw Object.assign(new Error(`${file} is not valid JSON: ${(e as Error).message}`), { userFacing: true });
  }
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);

function progress(ctx: CommandContext) {
  return (f: number, m?: string) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${Math.round(f * 100)}% ${m ?? ''}   `);
    void ctx;
  };
}

export const scoringCommands: Command[] = [
  {
    name: 'score',
    summary: 'score every final interview (national rule, the form’s levels, or --scheme FILE) and count by level',
    usage: '--db DB [--scheme FILE.json] [--form FORM_ID] [--json]',
    options: {
      db: { type: 'string' },
      scheme: { type: 'string' },
      form: { type: 'string' },
      json: { type: 'boolean' },
    },
    async run(ctx) {
      const db = requireString(ctx, 'db');
      const file = optionalString(ctx, 'scheme');
      const r = await callOperation(
        db,
        'score/run',
        { formId: optionalString(ctx, 'form'), scheme: file ? readScheme(file) : undefined },
        { progress: progress(ctx) },
      );
      if (ctx.values.json) {
        ctx.out(JSON.stringify(r, null, 2));
        return 0;
      }
      for (const f of r.forms) {
        ctx.out(
          `form ${f.formId} ${f.formVersion}: ${f.interviews} final interviews, max ${f.max} points, scheme ${f.schemeId}`,
        );
      }
      const width = Math.max(5, ...Object.keys(r.byLevel).map((l) => l.length));
      ctx.out(`${'level'.padEnd(width)}  ${'n'.padStart(8)}  share`);
      for (const [level, n] of Object.entries(r.byLevel)) {
        ctx.out(`${level.padEnd(width)}  ${String(n).padStart(8)}  ${pct(r.scored ? n / r.scored : null)}`);
      }
      ctx.out(`${'total'.padEnd(width)}  ${String(r.scored).padStart(8)}`);
      ctx.out(
        `literate: ${r.literate} (${pct(r.scored ? r.literate / r.scored : null)}, unweighted); vetoed: ${r.vetoed}; ` +
          `scores written: ${r.written}, unchanged: ${r.unchanged}, removed: ${r.removed}`,
      );
      return 0;
    },
  },
  {
    name: 'items',
    summary: 'item analysis: share correct / don’t know, item–rest correlation, Cronbach’s alpha per dimension',
    usage: '--db DB [--form FORM_ID] [--version V] [--weights WEIGHTING_SCHEME_ID] [--json]',
    options: {
      db: { type: 'string' },
      form: { type: 'string' },
      version: { type: 'string' },
      weights: { type: 'string' },
      json: { type: 'boolean' },
    },
    async run(ctx) {
      const db = requireString(ctx, 'db');
      const r = await callOperation(
        db,
        'items/analyse',
        {
          formId: optionalString(ctx, 'form'),
          formVersion: optionalString(ctx, 'version'),
          weightingSchemeId: optionalString(ctx, 'weights'),
        },
        { progress: progress(ctx) },
      );
      if (ctx.values.json) {
        ctx.out(JSON.stringify(r, null, 2));
        return 0;
      }
      const f3 = (x: number | null) => (x === null ? '–' : x.toFixed(3));
      ctx.out(`form ${r.formId} ${r.formVersion}: ${r.respondents} respondents, ${r.weighting}`);
      ctx.out('item          dimension     correct  dont_know  unanswered  item-rest');
      for (const i of r.items) {
        ctx.out(
          `${i.field.padEnd(12)}  ${i.dimension.padEnd(12)}  ${pct(i.shareCorrect).padStart(7)}  ${pct(i.shareDontKnow).padStart(9)}  ${pct(i.shareUnanswered).padStart(10)}  ${f3(i.itemRest).padStart(9)}`,
        );
      }
      ctx.out('dimension     items  mean points / max  alpha');
      for (const d of r.dimensions) {
        ctx.out(
          `${d.dimension.padEnd(12)}  ${String(d.items).padStart(5)}  ${d.meanPoints.toFixed(2).padStart(11)} / ${String(d.maxPoints).padEnd(3)}  ${f3(d.alpha)}`,
        );
      }
      ctx.out(`all items: alpha ${f3(r.alphaAll)}`);
      return 0;
    },
  },
];
