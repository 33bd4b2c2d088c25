/**
 * The supervisor's Excel file (质量控制清单): one sheet of surveyors with their results and reasons, one of every
 * flag (interview, surveyor, PSU, day, check, reason, review state), one of the fieldwork days. Chinese by default.
 */
import ExcelJS from 'exceljs';
import { checkLabel, type QualityReport } from '../../quality/index.ts';
import { addRow, type Column, tabularSheet } from '../report/layout.ts';

type Lang = 'zh' | 'en';

const T = {
  zh: {
    surveyors: '调查员',
    flags: '问题清单',
    days: '逐日',
    surveyorsTitle: '调查员质量检查结果',
    flagsTitle: '有标记的问卷',
    daysTitle: '逐日完成与标记问卷数',
    subtitle: (r: QualityReport) =>
      `问卷 ${r.formId}（版本 ${r.formVersion}）：检查 ${r.interviews} 份已完成问卷，${r.flaggedInterviews} 份有标记。时间为北京时间。`,
    surveyor: '调查员',
    interviews: '已完成问卷',
    literate: '具备科学素质比例',
    low: '95%置信下限',
    high: '95%置信上限',
    flagged: '有标记问卷',
    reasons: '需要关注的原因',
    interview: '问卷编号',
    psu: '村/社区（PSU）',
    day: '日期',
    started: '开始时间',
    minutes: '答题用时（分钟）',
    check: '检查',
    reason: '原因',
    review: '审核状态',
    finalized: '完成问卷',
    review_states: { received: '已接收', approved: '已通过', has_issues: '有问题', rejected: '已退回' },
  },
  en: {
    surveyors: 'Surveyors',
    flags: 'Flags',
    days: 'Days',
    surveyorsTitle: 'Quality control by surveyor',
    flagsTitle: 'Flagged interviews',
    daysTitle: 'Interviews finalized and flagged per day',
    subtitle: (r: QualityReport) =>
      `Form ${r.formId} (version ${r.formVersion}): ${r.interviews} final interviews checked, ${r.flaggedInterviews} flagged. Times are Beijing time.`,
    surveyor: 'Surveyor',
    interviews: 'Final interviews',
    literate: 'Share literate',
    low: '95% CI low',
    high: '95% CI high',
    flagged: 'Flagged interviews',
    reasons: 'Why to look',
    interview: 'Interview',
    psu: 'Village/community (PSU)',
    day: 'Date',
    started: 'Started',
    minutes: 'Minutes on questions',
    check: 'Check',
    reason: 'Reason',
    review: 'Review',
    finalized: 'Finalized',
    review_states: { received: 'received', approved: 'approved', has_issues: 'has issues', rejected: 'rejected' },
  },
} as const;

/** Local (UTC+offset) "YYYY-MM-DD HH:MM" of an ISO time. */
function local(iso: string, offsetMinutes: number): string {
  return new Date(Date.parse(iso) + offsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

export async function qualityWorkbook(r: QualityReport, lang: Lang = 'zh'): Promise<Uint8Array> {
  const t = T[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'scilit';
  const offset = r.settings.hours.utcOffsetMinutes;

  const surveyorColumns: Column[] = [
    { head: t.surveyor, width: 14 },
    { head: t.interviews, width: 10, numFmt: '0' },
    { head: t.literate, width: 12, numFmt: '0.0%' },
    { head: t.low, width: 11, numFmt: '0.0%' },
    { head: t.high, width: 11, numFmt: '0.0%' },
    { head: t.flagged, width: 10, numFmt: '0' },
    { head: t.reasons, width: 90, wrap: true },
  ];
  const s = tabularSheet(wb, t.surveyors, t.surveyorsTitle, t.subtitle(r), surveyorColumns);
  const flaggedBySurveyor = new Map<string, Set<string>>();
  for (const f of r.flags) {
    if (!f.surveyor) continue;
    if (!flaggedBySurveyor.has(f.surveyor)) flaggedBySurveyor.set(f.surveyor, new Set());
    flaggedBySurveyor.get(f.surveyor)!.add(f.interviewId);
  }
  for (const v of r.surveyors.surveyors) {
    const row = addRow(s, surveyorColumns, [
      v.surveyor,
      v.interviews,
      v.literacy?.estimate ?? null,
      v.literacy?.low ?? null,
      v.literacy?.high ?? null,
      flaggedBySurveyor.get(v.surveyor)?.size ?? 0,
      v.reasons.map((x) => x.reason[lang]).join('\n'),
    ]);
    if (v.reasons.length) row.getCell(1).font = { bold: true, color: { argb: 'FFC00000' } };
  }

  const flagColumns: Column[] = [
    { head: t.surveyor, width: 14 },
    { head: t.interview, width: 38 },
    { head: t.psu, width: 16 },
    { head: t.started, width: 17 },
    { head: t.minutes, width: 10, numFmt: '0.0' },
    { head: t.check, width: 16 },
    { head: t.reason, width: 70, wrap: true },
    { head: t.review, width: 10 },
  ];
  const f = tabularSheet(wb, t.flags, t.flagsTitle, t.subtitle(r), flagColumns);
  for (const flag of r.flags) {
    const info = r.interviewInfo[flag.interviewId];
    const state = r.reviews[flag.interviewId];
    addRow(f, flagColumns, [
      flag.surveyor ?? '',
      flag.interviewId,
      info?.psu ?? '',
      info ? local(info.startedAt, offset) : '',
      info?.minutes ?? null,
      checkLabel(flag.check)[lang],
      flag.reason[lang],
      state ? t.review_states[state] : '',
    ]);
  }
  f.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: 8 } };

  const dayColumns: Column[] = [
    { head: t.day, width: 12 },
    { head: t.finalized, width: 12, numFmt: '0' },
    { head: t.flagged, width: 12, numFmt: '0' },
  ];
  const d = tabularSheet(wb, t.days, t.daysTitle, t.subtitle(r), dayColumns);
  for (const day of r.days) addRow(d, dayColumns, [day.date, day.interviews, day.flagged]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
