import { writeFileSync } from 'node:fs';
import { callOperation } from '../cli-dispatch.ts';
import { type Command, optionalString, requireString, UsageError } from '../command.ts';

export const reportCommands: Command[] = [
  {
    name: 'report',
    summary:
      'write the Excel report (summary, key populations, regions, dimensions, items, weighting, method, data dictionary), or with --out FILE.docx the Word narrative report (中文分析报告)',
    usage:
      '--db DB --out FILE.xlsx|FILE.docx [--lang zh|en] [--scheme NAME|none] [--target 0.15] [--lonely-psu fail|remove|certainty|adjust|average]',
    options: {
      db: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
      scheme: { type: 'string' },
      target: { type: 'string' },
      'lonely-psu': { type: 'string' },
    },
    async run(ctx) {
      const out = requireString(ctx, 'out');
      const word = out.toLowerCase().endsWith('.docx');
      if (!word && !out.toLowerCase().endsWith('.xlsx')) throw new UsageError('--out must end in .xlsx or .docx');
      const lang = optionalString(ctx, 'lang');
      if (lang !== undefined && lang !== 'zh' && lang !== 'en') throw new UsageError('--lang must be zh or en');
      const t = optionalString(ctx, 'target');
      let target: number | undefined;
      if (t !== undefined) {
        // 15 and 15% both mean 0.15: offices write targets as percentages.
        const v = Number(t.replace(/%$/, ''));
        target = v >= 1 || t.endsWith('%') ? v / 100 : v;
        if (!(target > 0 && target < 1)) throw new UsageError('--target must be a proportion like 0.15 (or 15%)');
      }
      const r = await callOperation(requireString(ctx, 'db'), word ? 'report/narrative' : 'report/export', {
        lang,
        weightingScheme: optionalString(ctx, 'scheme'),
        target,
        lonelyPsu: optionalString(ctx, 'lonely-psu'),
      });
      try {
        writeFileSync(out, Buffer.from(r.dataBase64, 'base64'));
      } catch (e) {
        throw Object.assign(new Error(`cannot write ${out}: ${(e as Error).message}`), { userFacing: true });
      }
      ctx.out(`report written to ${out}`);
      return 0;
    },
  },
];
