/** 加权方案 and 方法说明: the weighting scheme with its diagnostics, and the method in words. */
import type ExcelJS from 'exceljs';
import type { ScoringScheme } from '../../scoring/scheme.ts';
import type { ReportData } from './data.ts';
import { addRow, type Column, tabularSheet } from './layout.ts';
import { type ReportLang, sheetName, text } from './text.ts';

function keyValueSheet(wb: ExcelJS.Workbook, name: string, subtitle: string, lang: ReportLang, wide = 90) {
  const cols: Column[] = [
    { head: text('key', lang), width: 34, wrap: true },
    { head: text('value', lang), width: wide, wrap: true },
  ];
  return { ws: tabularSheet(wb, name, name, subtitle, cols), cols };
}

function scoringRule(s: ScoringScheme | null, id: string, lang: ReportLang): string {
  const en = lang === 'en';
  if (!s) return en ? `scoring scheme ${id}` : `计分方案 ${id}`;
  const label = s.label?.[lang] ?? s.name;
  if (s.rule === 'points') {
    const cuts = s.levels.map((l) => `${l.label[lang] ?? l.level} ${l.comparison === '>' ? '>' : '≥'} ${l.min}`);
    const lit = s.literateLevels.map((code) => s.levels.find((l) => l.level === code)?.label[lang] ?? code).join(' + ');
    return en
      ? `${label}: each respondent's points (${s.scale === 'percent' ? 'rescaled to 0–100' : 'raw total'}) give a level: ${cuts.join(', ')}, otherwise ${s.below.level}. Has science literacy = ${lit}. "Don't know" scores 0.`
      : `${label}：按${s.scale === 'percent' ? '百分制（总分换算为 0–100）' : '原始总分'}得分划分水平：${cuts.join('，')}，其余为${s.below.label[lang] ?? s.below.level}。具备科学素质 = ${lit}。“不知道”计 0 分。`;
  }
  if (s.rule === 'percent_correct') {
    return en
      ? `${label}: literate when the share of ${s.basis} correct is ${s.comparison} ${s.min} %.`
      : `${label}：答对${s.basis === 'items' ? '题目' : '分值'}比例 ${s.comparison} ${s.min}% 即具备科学素质。`;
  }
  const dims = Object.entries(s.dimensions).map(([k, v]) => `${k} ${v.comparison} ${v.min} ${v.unit}`);
  return en
    ? `${label}: literate only when every dimension passes: ${dims.join(', ')}.`
    : `${label}：各维度均达到阈值方具备科学素质：${dims.join('，')}。`;
}

export function methodSheet(wb: ExcelJS.Workbook, d: ReportData, lang: ReportLang) {
  const en = lang === 'en';
  const t = (k: Parameters<typeof text>[0]) => text(k, lang);
  const g = d.groups.design;
  const { ws, cols } = keyValueSheet(wb, sheetName('method', lang), t('title'), lang, 100);
  const design = en
    ? `${g.respondents} final interviews${d.approvedOnly ? ' (approved by review only: the setting "approved interviews only" is on)' : ''}; ${g.stratified ? `${g.strata} strata` : 'no strata recorded (one stratum)'}; ${g.clustered ? `${g.psus} primary sampling units (PSUs nested in strata)` : 'no PSUs recorded (each respondent its own PSU)'}; ${g.df} degrees of freedom${g.lonelyPsu !== 'fail' ? `; strata with a single PSU: ${g.lonelyPsu} (as R survey.lonely.psu)` : ''}. Variances by Taylor linearization (as R survey).`
    : `有效问卷 ${g.respondents} 份${d.approvedOnly ? '（仅含审核通过的问卷：已开启“仅用审核通过的问卷”）' : ''}；${g.stratified ? `${g.strata} 个层` : '未记录分层（视为一层）'}；${g.clustered ? `${g.psus} 个初级抽样单位（嵌套于层内）` : '未记录初级抽样单位（每位受访者各为一个单位）'}；自由度 ${g.df}${g.lonelyPsu !== 'fail' ? `；仅有一个初级抽样单位的层按 ${g.lonelyPsu} 处理（同 R survey.lonely.psu）` : ''}。方差采用泰勒线性化（与 R survey 包一致）。`;
  const weighting = d.weighting
    ? en
      ? `Final weights of weighting scheme "${d.weighting.name}" (steps and diagnostics on the sheet ${sheetName('weighting', lang)}); standard errors account for its post-stratification, raking or calibration.`
      : `采用加权方案“${d.weighting.name}”的最终权重（步骤与诊断见“${sheetName('weighting', lang)}”表）；标准误考虑了事后分层、耙权或校准。`
    : t('unweighted');
  const ci = en
    ? `95 % confidence intervals for proportions by the logit method (as R svyciprop): expit(logit p̂ ± t·SE/(p̂(1−p̂))), t with the design's degrees of freedom. The comparison with the plan target ${(d.target * 100).toFixed(1)} % gives p̂ − target with the interval shifted by the target; "above"/"below" only when the whole interval lies above/below.`
    : `比例的 95% 置信区间采用 logit 法（与 R svyciprop 一致）：expit(logit p̂ ± t·SE/(p̂(1−p̂)))，t 取设计自由度。与规划目标 ${(d.target * 100).toFixed(1)}% 比较：差值 = p̂ − 目标，区间为估计区间平移目标值；只有区间整体高于（低于）目标时才判定为“高于（低于）目标”。`;
  const suppression = en
    ? `Publishing rule (NCHS standard for proportions, Parker et al. 2017): an estimate is suppressed (‡, no number shown) when its effective sample size is below 30, when its CI is 30 percentage points wide or more, or when the CI width exceeds 130 % of the estimate; a CI narrower than 5 points is always shown. Fewer than 8 degrees of freedom: flagged † for review.`
    : `发布规则（NCHS 比例发布标准，Parker 等 2017）：有效样本量 < 30、置信区间宽度 ≥ 30 个百分点、或区间宽度超过估计值的 130% 时，不予发布（以 ‡ 标记，不显示数值）；区间宽度 ≤ 5 个百分点的估计总予发布。自由度 < 8 的估计以 † 标记，需审慎解读。`;
  const groups = en
    ? 'Key populations are defined by rules of the form (sheet "groups"); they overlap and a respondent may belong to none. Regions are the district codes recorded with each interview.'
    : '重点人群按问卷 groups 表的规则界定，人群之间可以重叠，受访者也可能不属于任何重点人群。地区为问卷记录的区县代码。';
  const rows: [string, string][] = [
    [en ? 'Design' : '抽样设计', design],
    [t('weighting'), weighting],
    [en ? 'Scoring rule' : '计分规则', scoringRule(d.scoringScheme, d.scoringSchemeId, lang)],
    [en ? 'Interval method' : '区间估计方法', ci],
    [en ? 'Suppression rule' : '数据抑制规则', suppression],
    [en ? 'Populations and regions' : '人群与地区', groups],
    [
      en ? 'Dimension scores and items' : '维度得分与题目分析',
      en
        ? `Mean points per dimension and item shares are ${d.items.weighting} means over respondents; Cronbach's α from the item points.`
        : `维度平均得分与题目比例为${d.items.weighting === 'weighted' ? '加权' : '未加权'}均值；Cronbach α 由各题得分计算。`,
    ],
  ];
  for (const [k, v] of rows) {
    const r = addRow(ws, cols, [k, v]);
    r.height = Math.max(18, Math.ceil(v.length / (en ? 95 : 48)) * 16);
    if (k === t('weighting') && !d.weighting) r.getCell(2).font = { bold: true, color: { argb: 'FFB00020' } };
  }
}
