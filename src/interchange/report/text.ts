/** The report's words in Chinese (default) and English: sheet names, column heads, notes. */
export type ReportLang = 'zh' | 'en';

export const SHEETS = {
  summary: { zh: '概要', en: 'Summary' },
  groups: { zh: '分人群', en: 'By key population' },
  regions: { zh: '分地区', en: 'By region' },
  dimensions: { zh: '分维度', en: 'Dimension scores' },
  items: { zh: '题目分析', en: 'Item analysis' },
  weighting: { zh: '加权方案', en: 'Weighting scheme' },
  method: { zh: '方法说明', en: 'Method' },
  dictionary: { zh: '数据字典', en: 'Data dictionary' },
} as const;

export type SheetKey = keyof typeof SHEETS;

const T = {
  title: ['公民科学素质调查报告', 'Civic science literacy survey report'],
  overall: ['全体', 'Overall'],
  group: ['人群', 'Key population'],
  region: ['地区', 'Region'],
  n: ['样本量', 'n'],
  estimate: ['具备科学素质比例', 'Literacy ratio'],
  ciLow: ['95% CI 下限', '95% CI lower'],
  ciHigh: ['95% CI 上限', '95% CI upper'],
  se: ['标准误', 'SE'],
  deff: ['设计效应', 'Deff'],
  nEff: ['有效样本量', 'n_eff'],
  target: ['目标值', 'Target'],
  difference: ['与目标之差', 'Difference from target'],
  diffLow: ['差值 CI 下限', 'Difference CI lower'],
  diffHigh: ['差值 CI 上限', 'Difference CI upper'],
  comparison: ['与目标比较', 'Compared with target'],
  flags: ['说明', 'Notes'],
  above: ['高于目标', 'above target'],
  below: ['低于目标', 'below target'],
  neither: ['无显著差异', 'not different'],
  comparisonNote: [
    '与目标比较：置信区间整体高于（低于）目标时为“高于（低于）目标”，区间包含目标时为“无显著差异”。',
    'Compared with target: "above" ("below") only when the whole 95 % CI lies above (below) the target; "not different" when it contains the target.',
  ],
  suppressedNote: [
    '‡ 估计不可靠，按发布规则（NCHS 比例发布标准，方法说明 §2.7）不予发布：有效样本量 < 30，或置信区间宽度 ≥ 30 个百分点，或区间宽度超过估计值的 130%。',
    '‡ Estimate not reliable enough to publish (NCHS standard for proportions, method §2.7): effective sample size < 30, or CI width ≥ 30 percentage points, or CI width > 130 % of the estimate.',
  ],
  reviewNote: ['† 自由度 < 8，估计需审慎解读。', '† Fewer than 8 degrees of freedom: interpret with care.'],
  zeroNote: ['比例为 0 或 1，方差为 0。', 'Proportion of 0 or 1: zero variance.'],
  unweighted: [
    '未加权：数据库中尚无加权方案（或未选择），每份问卷权重均为 1。',
    'Unweighted: this database has no weighting scheme (or none was chosen); every interview has weight 1.',
  ],
  weightedBy: ['加权方案', 'Weighting scheme'],
  weighting: ['加权', 'Weighting'],
  respondents: ['有效问卷数', 'Respondents'],
  strata: ['层数', 'Strata'],
  psus: ['初级抽样单位数', 'PSUs'],
  df: ['自由度', 'Degrees of freedom'],
  scoringScheme: ['计分方案', 'Scoring scheme'],
  form: ['问卷', 'Form'],
  created: ['生成时间', 'Created'],
  runIds: ['估计记录编号', 'Estimate run ids'],
  software: ['软件', 'Software'],
  item: ['题目', 'Item'],
  question: ['题干', 'Question'],
  dimension: ['维度', 'Dimension'],
  points: ['分值', 'Points'],
  items: ['题数', 'Items'],
  maxPoints: ['满分', 'Maximum'],
  meanPoints: ['平均得分', 'Mean points'],
  scoreRate: ['得分率', 'Share of maximum'],
  alpha: ['Cronbach α', "Cronbach's α"],
  allItems: ['全部题目', 'All items'],
  correct: ['答对率', 'Correct'],
  wrong: ['答错率', 'Wrong'],
  dontKnow: ['“不知道”比例', "Don't know"],
  unanswered: ['未答比例', 'Unanswered'],
  itemRest: ['题—维度余分相关', 'Item–rest correlation'],
  weightedLabel: ['加权（按所选加权方案的最终权重）', 'weighted (final weights of the chosen scheme)'],
  unweightedLabel: ['未加权（每份问卷权重为 1）', 'unweighted (weight 1 for every interview)'],
  key: ['项目', 'Item'],
  value: ['内容', 'Value'],
  schemeName: ['方案名称', 'Scheme name'],
  schemeId: ['方案编号', 'Scheme id'],
  runAt: ['运行时间', 'Run at'],
  weightsStored: ['已存权重数', 'Weights stored'],
  step: ['步骤', 'Step'],
  diagnostics: ['诊断', 'Diagnostics'],
  otherSchemes: ['其他加权方案', 'Other weighting schemes'],
  noScheme: [
    '数据库中尚无加权方案：本报告未加权，每份问卷权重为 1。',
    'This database has no weighting scheme yet: the report is unweighted, every interview has weight 1.',
  ],
  field: ['字段名', 'Field'],
  type: ['类型', 'Type'],
  label: ['标签', 'Label'],
  choices: ['选项', 'Choices'],
  scoring: ['计分', 'Scoring'],
  topic: ['主题', 'Topic'],
  text: ['说明', 'Description'],
  yes: ['是', 'yes'],
  no: ['否', 'no'],
} as const satisfies Record<string, readonly [string, string]>;

export type TextKey = keyof typeof T;

export function text(key: TextKey, lang: ReportLang): string {
  return T[key][lang === 'en' ? 1 : 0];
}

export function sheetName(key: SheetKey, lang: ReportLang): string {
  return SHEETS[key][lang];
}

/** Dimension names when the form has no group of that name to take a label from. */
export const DIMENSION_LABELS: Record<string, [string, string]> = {
  knowledge: ['科学知识', 'Scientific knowledge'],
  method: ['科学方法', 'Scientific method'],
  thinking: ['科学精神与科学思想', 'Scientific spirit and ideas'],
  application: ['应用科学的能力', 'Applying science'],
};
