/** Variable labels of the columns scilit adds to the answers, in the export's language. */
export type ExportLang = 'zh' | 'en';

const W = {
  instanceID: ['问卷编号', 'Interview ID'],
  formVersion: ['问卷版本', 'Questionnaire version'],
  region: ['地区（行政区划代码）', 'Region (administrative division code)'],
  regionName: ['地区名称', 'Region name'],
  stratum: ['层', 'Stratum'],
  psu: ['初级抽样单元（PSU）', 'Primary sampling unit (PSU)'],
  fpc: ['有限总体校正（层内 PSU 总数）', 'Finite population correction (PSUs in the stratum)'],
  total: ['总分', 'Total score'],
  percent: ['得分（百分制）', 'Score (0–100 scale)'],
  level: ['科学素质水平', 'Literacy level'],
  literate: ['具备科学素质', 'Has science literacy'],
  vetoed: ['因否决题判为不具备', 'Failed by a veto answer'],
  dimension: ['维度得分', 'Dimension score'],
  group: ['重点人群', 'Key population'],
  designWeight: ['设计权重（基础权重）', 'Design (base) weight'],
  stepWeight: ['权重：第{n}步后（{step}）', 'Weight after step {n} ({step})'],
  finalWeight: ['最终权重', 'Final weight'],
  replicate: ['重复权重 {n}（{type}）', 'Replicate weight {n} ({type})'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  poststratify: ['事后分层', 'post-stratification'],
  rake: ['迭代比例调整（raking）', 'raking'],
  calibrate: ['线性校准（GREG）', 'linear calibration (GREG)'],
  nonresponse: ['无回答调整', 'non-response adjustment'],
  trim: ['权重截尾', 'trimming'],
} as const satisfies Record<string, readonly [string, string]>;

export type WordKey = keyof typeof W;

export function word(key: WordKey, lang: ExportLang, fill: Record<string, string | number> = {}): string {
  let s: string = W[key][lang === 'en' ? 1 : 0];
  for (const [k, v] of Object.entries(fill)) s = s.replace(`{${k}}`, String(v));
  return s;
}
