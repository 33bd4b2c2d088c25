import { writeFileSync } from 'node:fs';
import { checkLabel } from '../../quality/index.ts';
import { callOperation } from '../cli-dispatch.ts';
import { type Command, optionalString, requireString, UsageError } from '../command.ts';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);

export const qualityCommands: Command[] = [
  {
    name: 'qc',
    summary: 'quality control (质量控制): every flag on the final interviews and the surveyor-level results',
    usage: '--db DB [--form FORM_ID] [--format text|json] [--lang zh|en] [--out FLAGS.xlsx]',
    options: {
      db: { type: 'string' },
      out: { type: 'string' },
      form: { type: 'string' },
      format: { type: 'string' },
      lang: { type: 'string' },
    },
    async run(ctx) {
      const format = optionalString(ctx, 'format') ?? 'text';
      if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
      const lang = optionalString(ctx, 'lang') ?? 'zh';
      if (lang !== 'zh' && lang !== 'en') throw new UsageError('--lang must be zh or en');
      const db = requireString(ctx, 'db');
      const formId = optionalString(ctx, 'form');
      const out = optionalString(ctx, 'out');
      if (out) {
        const x = await callOperation(db, 'qc/export', { formId, lang });
        writeFileSync(out, Buffer.from(x.dataBase64, 'base64'), { mode: 0o600 });
        ctx.out(lang === 'zh' ? `已写出 ${out}` : `wrote ${out}`);
        return 0;
      }
      const r = await callOperation(db, 'qc/run', { formId });
      if (format === 'json') {
        ctx.out(JSON.stringify(r, null, 2));
        return 0;
      }
      const zh = lang === 'zh';
      ctx.out(
        zh
          ? `问卷 ${r.formId}（版本 ${r.formVersion}）：检查 ${r.interviews} 份已完成问卷，${r.flaggedInterviews} 份有标记`
          : `form ${r.formId} ${r.formVersion}: ${r.interviews} final interviews checked, ${r.flaggedInterviews} flagged`,
      );
      for (const [check, n] of Object.entries(r.byCheck)) {
        ctx.out(`  ${checkLabel(check as never)[lang]}: ${n}`);
      }
      const icc = r.surveyors.icc;
      ctx.out(
        zh
          ? `调查员效应：得分的组内相关系数 ${icc.percent?.toFixed(3) ?? '–'}，是否具备科学素质的 ${icc.literate?.toFixed(3) ?? '–'}`
          : `surveyor effect: intra-interviewer correlation ${icc.percent?.toFixed(3) ?? '–'} (score), ${icc.literate?.toFixed(3) ?? '–'} (literate)`,
      );
      ctx.out('');
      ctx.out(
        zh ? '调查员\t问卷\t具备科学素质比例 (95% CI)\t原因' : 'surveyor\tinterviews\tliterate (95% CI)\treasons',
      );
      for (const s of r.surveyors.surveyors) {
        const lit = s.literacy ? `${pct(s.literacy.estimate)} (${pct(s.literacy.low)}–${pct(s.literacy.high)})` : '–';
        const why = s.reasons.map((x) => x.reason[lang]).join('; ');
        ctx.out(`${s.surveyor}\t${s.interviews}\t${lit}\t${why || (zh ? '—' : '—')}`);
      }
      const flagged = r.surveyors.surveyors.filter((s) => s.reasons.length > 0);
      ctx.out('');
      ctx.out(
        zh
          ? `需要关注的调查员：${flagged.length ? flagged.map((s) => s.surveyor).join('、') : '无'}`
          : `surveyors to look at: ${flagged.length ? flagged.map((s) => s.surveyor).join(', ') : 'none'}`,
      );
      if (r.flags.length) {
        ctx.out('');
        ctx.out(zh ? '调查员\t问卷\t检查\t原因' : 'surveyor\tinterview\tcheck\treason');
        for (const f of r.flags) {
          ctx.out(`${f.surveyor ?? '–'}\t${f.interviewId}\t${checkLabel(f.check)[lang]}\t${f.reason[lang]}`);
        }
      }
      return 0;
    },
  },
];
