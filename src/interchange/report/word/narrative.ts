/**
 * The narrative report (中文分析报告) in Word, from the same gathered numbers as the Excel report (data.ts), so
 * its headline equals the screen's and the workbook's:
 *
 *   narrativeReport(data, { lang?, regionName? }): Promise<Uint8Array>
 *
 * Sections: main findings (the ratio with its interval against the plan target, said as the interval allows),
 * the five key populations and the regions (with the comparison to the target stated only where the interval
 * excludes it; suppressed estimates not given), dimension scores, a figure (ratio with interval whiskers and the
 * target line, a native Word chart the office can restyle), and the method (design, response, weighting,
 * variance, publishing rule). Written with the `docx` library; editable in Word and WPS.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { LiteracyEstimates } from '../../../analysis/estimate-literacy.ts';
import { labelOf } from '../../../form/model.ts';
import { groupsOf } from '../../../scoring/groups.ts';
import { isSuppressed } from '../../../survey/flags.ts';
import { dimensionLabel } from '../analysis.ts';
import type { ReportData } from '../data.ts';
import { lonelyPsuWords, variableName } from '../names.ts';
import { localTime } from '../time.ts';
import { chartXml } from './chart.ts';
import { injectCharts } from './inject.ts';

type Row = LiteracyEstimates['estimates'][number];
type Lang = 'zh' | 'en';

const CHART = '[[scilit-chart-1]]';
const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;

const W = {
  title: ['公民科学素质调查分析报告', 'Civic science literacy survey: analysis report'],
  findings: ['一、主要结论', '1. Main findings'],
  groups: ['二、重点人群', '2. Key populations'],
  regions: ['三、各地区', '3. Regions'],
  dimensions: ['四、各维度得分', '4. Dimension scores'],
  figure: [
    '图 1　具备科学素质的比例（95% 置信区间）与规划目标',
    'Figure 1. Share with science literacy (95 % confidence interval) and the plan target',
  ],
  method: ['五、方法说明', '5. Method'],
  domain: ['人群', 'Population'],
  region: ['地区', 'Region'],
  n: ['样本量', 'n'],
  ratio: ['比例', 'Share'],
  ci: ['95% 置信区间', '95 % CI'],
  vsTarget: ['与目标比较', 'Against the target'],
  above: ['高于目标', 'above the target'],
  below: ['低于目标', 'below the target'],
  neither: ['与目标无显著差异', 'not different from the target'],
  suppressed: ['样本不足，不予发布', 'too few respondents: not published'],
  overall: ['全体', 'Everyone'],
  dim: ['维度', 'Dimension'],
  maxPoints: ['满分', 'Maximum'],
  meanPoints: ['平均得分', 'Mean score'],
  rate: ['得分率', 'Score rate'],
  source: ['资料来源：本次调查，scilit 计算。', 'Source: this survey, computed by scilit.'],
} as const;
const w = (k: keyof typeof W, lang: Lang) => W[k][lang === 'en' ? 1 : 0];

function p(
  text: string,
  opts: {
    bold?: boolean;
    size?: number;
    align?: (typeof AlignmentType)[keyof typeof AlignmentType];
    italics?: boolean;
  } = {},
) {
  return new Paragraph({
    alignment: opts.align,
    spacing: { after: 120, line: 360 },
    children: [new TextRun({ text, bold: opts.bold, size: opts.size, italics: opts.italics })],
  });
}

function heading(text: string) {
  return new Paragraph({
    heading: HeadingLevel.HEADING_1,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text })],
  });
}

function comparison(e: Row, lang: Lang): string {
  if (!e.target) return '—';
  return e.target.above ? w('above', lang) : e.target.below ? w('below', lang) : w('neither', lang);
}

function cell(text: string, opts: { bold?: boolean; right?: boolean; width: number }) {
  return new TableCell({
    width: { size: opts.width, type: WidthType.PERCENTAGE },
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [
      new Paragraph({
        alignment: opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text, bold: opts.bold, size: 20 })],
      }),
    ],
  });
}

/** A three-line table (三线表): domain, n, share, interval, comparison. */
function estimateTable(rows: readonly { label: string; e: Row }[], first: string, lang: Lang): Table {
  const widths = [30, 12, 14, 24, 20];
  const head = [first, w('n', lang), w('ratio', lang), w('ci', lang), w('vsTarget', lang)];
  const line = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: line, bottom: line, left: none, right: none, insideHorizontal: none, insideVertical: none },
    rows: [
      new TableRow({
        tableHeader: true,
        children: head.map((h, i) => cell(h, { bold: true, right: i > 0 && i < 4, width: widths[i]! })),
      }),
      ...rows.map(
        ({ label, e }) =>
          new TableRow({
            children: isSuppressed(e.flags)
              ? [
                  cell(label, { width: widths[0]! }),
                  cell(String(e.n), { right: true, width: widths[1]! }),
                  cell('‡', { right: true, width: widths[2]! }),
                  cell('‡', { right: true, width: widths[3]! }),
                  cell(w('suppressed', lang), { width: widths[4]! }),
                ]
              : [
                  cell(label, { width: widths[0]! }),
                  cell(String(e.n), { right: true, width: widths[1]! }),
                  cell(pct(e.estimate), { right: true, width: widths[2]! }),
                  cell(`${pct(e.ci[0])} – ${pct(e.ci[1])}`, { right: true, width: widths[3]! }),
                  cell(comparison(e, lang), { width: widths[4]! }),
                ],
          }),
      ),
    ],
  });
}

/** One sentence on a domain, saying only what its interval supports. */
function sentence(label: string, e: Row, target: number, lang: Lang): string {
  if (isSuppressed(e.flags)) {
    return lang === 'en'
      ? `${label}: too few respondents to publish an estimate.`
      : `${label}：样本不足，不予发布估计。`;
  }
  const est = pct(e.estimate);
  const ci = `${pct(e.ci[0])}–${pct(e.ci[1])}`;
  const t = pct(target, 0);
  if (lang === 'en') {
    const cmp = e.target?.above
      ? `its interval lies wholly above the target of ${t}`
      : e.target?.below
        ? `its interval lies wholly below the target of ${t}`
        : `its interval includes the target of ${t}, so the survey cannot tell it apart from the target`;
    return `${label}: ${est} (95 % CI ${ci}); ${cmp}.`;
  }
  const cmp = e.target?.above
    ? `置信区间完全高于 ${t} 的目标，高于目标具有统计学意义`
    : e.target?.below
      ? `置信区间完全低于 ${t} 的目标，低于目标具有统计学意义`
      : `置信区间包含 ${t} 的目标值，尚不能认为与目标有差异`;
  return `${label}：${est}（95% 置信区间 ${ci}），${cmp}。`;
}

export async function narrativeReport(
  d: ReportData,
  opts: { lang?: Lang; regionName?: (code: string) => string | undefined } = {},
): Promise<Uint8Array> {
  const lang = opts.lang ?? 'zh';
  const overall = d.groups.estimates[0]!;
  const groupLabel = new Map(groupsOf(d.form).map((g) => [g.name, labelOf(g.label, lang, g.name)]));
  const groups = d.groups.estimates
    .slice(1)
    .map((e) => ({ label: groupLabel.get(e.domain.group!) ?? e.domain.group!, e }));
  const regions = d.regions.estimates.slice(1).map((e) => {
    const code = e.domain.region_code ?? '';
    const name = opts.regionName?.(code);
    return { label: name ? `${name}（${code}）` : code, e };
  });
  const title = w('title', lang);
  const subtitle = labelOf(d.form.title, lang, d.form.formId);
  const when = localTime(d.createdAt, lang);
  const design = d.groups.design;

  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: title })],
    }),
    p(subtitle, { align: AlignmentType.CENTER }),
    p(
      `${lang === 'en' ? 'Produced' : '生成时间'}：${when}　${d.weighting ? `${lang === 'en' ? 'Weighting' : '加权方案'}：${d.weighting.name}` : lang === 'en' ? 'Unweighted' : '未加权'}`,
      {
        align: AlignmentType.CENTER,
        italics: true,
      },
    ),
    heading(w('findings', lang)),
    p(
      sentence(
        lang === 'en' ? 'Share of residents with science literacy' : '公民具备科学素质的比例',
        overall,
        d.target,
        lang,
      ),
    ),
  ];
  const published = groups.filter((g) => !isSuppressed(g.e.flags));
  if (published.length > 1) {
    const low = [...published].sort((a, b) => a.e.estimate - b.e.estimate)[0]!;
    const high = [...published].sort((a, b) => b.e.estimate - a.e.estimate)[0]!;
    children.push(
      p(
        lang === 'en'
          ? `Among the key populations the share is highest for ${high.label} (${pct(high.e.estimate)}) and lowest for ${low.label} (${pct(low.e.estimate)}); differences between populations are stated here only as estimates, each with its own interval below.`
          : `重点人群中，${high.label}的比例最高（${pct(high.e.estimate)}），${low.label}最低（${pct(low.e.estimate)}）；各人群之间的差异此处仅为点估计的比较，各自的置信区间见下表。`,
      ),
    );
  }
  children.push(heading(w('groups', lang)));
  children.push(estimateTable([{ label: w('overall', lang), e: overall }, ...groups], w('domain', lang), lang));
  children.push(p(w('source', lang), { size: 18, italics: true }));
  for (const g of groups) children.push(p(sentence(g.label, g.e, d.target, lang)));
  children.push(p(CHART));
  children.push(p(w('figure', lang), { align: AlignmentType.CENTER, bold: true, size: 20 }));

  children.push(heading(w('regions', lang)));
  children.push(estimateTable(regions, w('region', lang), lang));
  children.push(p(w('source', lang), { size: 18, italics: true }));

  children.push(heading(w('dimensions', lang)));
  for (const dim of d.items.dimensions) {
    const rate = dim.maxPoints > 0 ? dim.meanPoints / dim.maxPoints : Number.NaN;
    children.push(
      p(
        lang === 'en'
          ? `${dimensionLabel(d.form, dim.dimension, lang)}: mean ${dim.meanPoints.toFixed(1)} of ${dim.maxPoints} points (${pct(rate)}).`
          : `${dimensionLabel(d.form, dim.dimension, lang)}：平均得分 ${dim.meanPoints.toFixed(1)} 分（满分 ${dim.maxPoints} 分），得分率 ${pct(rate)}。`,
      ),
    );
  }

  children.push(heading(w('method', lang)));
  const steps = d.weighting ? stepsInWords(d.weighting.definition, lang, (v) => variableName(d.form, v, lang)) : [];
  const lines =
    lang === 'en'
      ? [
          `Design: ${design.respondents} final interviews${d.approvedOnly ? ' (approved by review only)' : ''}${design.stratified ? ` in ${design.strata} strata` : ''}${design.clustered ? `, ${design.psus} primary sampling units` : ''}; ${design.df} degrees of freedom.`,
          d.weighting
            ? `Weighting: scheme "${d.weighting.name}" — ${steps.join('; ') || 'stored weights'}.`
            : 'Weighting: none; every interview has weight 1.',
          `Variance: Taylor linearization as R survey (with the calibration of the weighting steps), intervals on the logit scale (${overall.ci_method ?? 'logit'}); strata with a single PSU: ${lonelyPsuWords(design.lonelyPsu, lang)}.`,
          'Publishing rule (NCHS, Parker et al. 2017): an estimate with an effective sample size below 30, an interval of 30 points or wider, or a relative width over 130 % is not published (‡); fewer than 8 degrees of freedom is flagged for review (†).',
          `Plan target: ${pct(d.target, 0)}. "Above" or "below" the target is said only when the whole 95 % interval lies on that side.`,
        ]
      : [
          `抽样设计：有效问卷 ${design.respondents} 份${d.approvedOnly ? '（仅含审核通过的问卷）' : ''}${design.stratified ? `，${design.strata} 个层` : ''}${design.clustered ? `，${design.psus} 个初级抽样单元` : ''}；自由度 ${design.df}。`,
          d.weighting
            ? `加权：加权方案“${d.weighting.name}”——${steps.join('；') || '已存储的权重'}。`
            : '加权：无，每份问卷权重均为 1。',
          `方差估计：按 R survey 的泰勒线性化方法（计入加权步骤的校准），置信区间在 logit 尺度上计算；仅有一个初级抽样单元的层：${lonelyPsuWords(design.lonelyPsu, lang)}。`,
          '发布规则（NCHS，Parker 等 2017）：有效样本量不足 30、置信区间宽度达 30 个百分点或相对宽度超过 130% 的估计不予发布（‡）；自由度小于 8 的估计标注待复核（†）。',
          `规划目标：${pct(d.target, 0)}。仅当整个 95% 置信区间位于目标一侧时，才称“高于”或“低于”目标。`,
        ];
  for (const l of lines) children.push(p(l));

  const doc = new Document({
    creator: 'scilit',
    title,
    styles: {
      default: {
        document: {
          run: { font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'SimSun' }, size: 24 },
        },
      },
    },
    sections: [
      {
        properties: {
          page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  const bytes = new Uint8Array(await Packer.toArrayBuffer(doc));
  const bars = [{ label: w('overall', lang), e: overall }, ...groups]
    .filter((b) => !isSuppressed(b.e.flags))
    .map((b) => ({ label: b.label, value: b.e.estimate * 100, low: b.e.ci[0] * 100, high: b.e.ci[1] * 100 }));
  return injectCharts(bytes, [
    {
      placeholder: CHART,
      widthCm: 15,
      heightCm: 8.5,
      xml: chartXml(bars, {
        series: lang === 'en' ? 'Share with science literacy (%)' : '具备科学素质的比例（%）',
        target: { label: `${lang === 'en' ? 'Plan target' : '规划目标'} ${pct(d.target, 0)}`, value: d.target * 100 },
        axisTitle: lang === 'en' ? 'Share (%)' : '比例（%）',
      }),
    },
  ]);
}

/** A weighting scheme's steps in words, e.g. "raking to sex × age group, residence (target set census2020)". */
export function stepsInWords(definition: unknown, lang: Lang, name: (variable: string) => string = (v) => v): string[] {
  const steps = (definition as { steps?: Record<string, unknown>[] } | null)?.steps ?? [];
  const join = (vars: unknown) => (Array.isArray(vars) ? vars.map((v) => name(String(v))).join(' × ') : '');
  return steps.map((s) => {
    const set =
      typeof s.targetSet === 'string'
        ? lang === 'en'
          ? ` (targets "${s.targetSet}")`
          : `（总体目标“${s.targetSet}”）`
        : '';
    switch (s.step) {
      case 'rake': {
        const margins = (s.margins as unknown[]).map((m) =>
          Array.isArray(m) ? join(m) : join((m as { vars: unknown }).vars),
        );
        return lang === 'en'
          ? `raking to ${margins.join(', ')}${set}`
          : `按 ${margins.join('、')} 迭代比例调整（raking）${set}`;
      }
      case 'poststratify':
        return lang === 'en' ? `post-stratification on ${join(s.vars)}${set}` : `按 ${join(s.vars)} 事后分层${set}`;
      case 'calibrate':
        return lang === 'en'
          ? `linear calibration to ${join(s.factors)}${set}`
          : `按 ${join(s.factors)} 线性校准${set}`;
      case 'nonresponse':
        return lang === 'en'
          ? `non-response adjustment within ${join(s.classes)}`
          : `按 ${join(s.classes)} 作无回答调整`;
      case 'trim':
        return lang === 'en' ? `trimming to [${s.lower}, ${s.upper}]` : `权重截尾至 [${s.lower}, ${s.upper}]`;
      default:
        return String(s.step);
    }
  });
}
