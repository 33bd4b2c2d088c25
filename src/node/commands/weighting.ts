import { readFileSync } from 'node:fs';
import type { WeightDiagnostics } from '../../survey/types.ts';
import { callOperation } from '../cli-dispatch.ts';
import { type Command, optionalString, requireString, UsageError } from '../command.ts';

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(6) : String(x);
}

export const weightingCommands: Command[] = [
  {
    name: 'weighting run',
    summary: 'weight the final interviews: a stored scheme, or a new one from a JSON definition (steps and targets)',
    usage: '--db DB (--scheme NAME | --definition FILE.json --name NAME)',
    options: {
      db: { type: 'string' },
      scheme: { type: 'string' },
      definition: { type: 'string' },
      name: { type: 'string' },
    },
    async run(ctx) {
      const file = optionalString(ctx, 'definition');
      const scheme = optionalString(ctx, 'scheme');
      if (!file === !scheme)
        throw new UsageError('give either --scheme NAME or --definition FILE.json with --name NAME');
      let definition: unknown;
      if (file) {
        try {
          definition = JSON.parse(readFileSync(file, 'utf8'));
        } catch (e) {
          throw new UsageError(`${file} is not a readable JSON file: ${(e as Error).message}`);
        }
      }
      const r = await callOperation(
        requireString(ctx, 'db'),
        'weighting/run',
        file ? { name: requireString(ctx, 'name'), definition } : { scheme },
      );
      ctx.out(`${r.name}: ${r.interviews} interviews weighted${r.converged ? '' : ' (NOT converged)'}`);
      for (const d of r.diagnostics as WeightDiagnostics[]) {
        ctx.out(
          `  ${d.step}: min ${fmt(d.min)}, max ${fmt(d.max)}, CV ${fmt(d.cv)}, n_kish ${fmt(d.nKish)}, Σw ${fmt(d.sumW)}` +
            `${d.iterations !== undefined ? `, ${d.iterations} iterations` : ''}`,
        );
      }
      for (const w of r.warnings) ctx.err(`warning: ${w.message}`);
      return 0;
    },
  },
  {
    name: 'weighting list',
    summary: 'list the stored weighting schemes and target sets',
    usage: '--db DB',
    options: { db: { type: 'string' } },
    async run(ctx) {
      const db = requireString(ctx, 'db');
      const schemes = await callOperation(db, 'weighting/list', {});
      const targets = await callOperation(db, 'targets/list', {});
      ctx.out(JSON.stringify({ schemes, targets }, null, 2));
      return 0;
    },
  },
  {
    name: 'weighting check',
    summary: "each margin's population target beside the weighted count of a scheme that ran, with warnings",
    usage: '--db DB --scheme NAME [--lang zh|en]',
    options: { db: { type: 'string' }, scheme: { type: 'string' }, lang: { type: 'string' } },
    async run(ctx) {
      const en = optionalString(ctx, 'lang') === 'en';
      const r = await callOperation(requireString(ctx, 'db'), 'weighting/check', {
        scheme: requireString(ctx, 'scheme'),
      });
      ctx.out(`${r.name}: ${r.respondents} interviews, weights add up to ${fmt(r.weightTotal)}`);
      for (const m of r.margins) {
        ctx.out(
          `  ${m.kind} ${m.variables.join(' × ')}: target ${fmt(m.targetTotal)}, weighted ${fmt(m.achievedTotal)}`,
        );
        for (const row of m.rows) {
          ctx.out(
            `    ${row.categories.join(' × ')}: target ${fmt(row.target)}, weighted ${fmt(row.achieved)} (${row.respondents} interviews)`,
          );
        }
      }
      for (const w of r.warnings) ctx.err(`warning: ${en ? w.message.en : w.message.zh}`);
      return 0;
    },
  },
];
