/**
 * A native Word chart (DrawingML chart part) for the narrative report: the literacy ratio of each domain as a
 * column with its confidence interval as error whiskers, and the plan target as a dashed line across. Native,
 * so the office can restyle it in Word or WPS; the numbers are the report's own (cached in the chart part).
 */

export interface ChartBar {
  label: string;
  /** Percent (0–100). */
  value: number;
  low: number;
  high: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (x: number) => String(Math.round(x * 1e6) / 1e6);

function strLit(values: readonly string[]): string {
  return `<c:strLit><c:ptCount val="${values.length}"/>${values
    .map((v, i) => `<c:pt idx="${i}"><c:v>${esc(v)}</c:v></c:pt>`)
    .join('')}</c:strLit>`;
}

function numLit(values: readonly number[], format = '0.0'): string {
  return `<c:numLit><c:formatCode>${format}</c:formatCode><c:ptCount val="${values.length}"/>${values
    .map((v, i) => `<c:pt idx="${i}"><c:v>${num(v)}</c:v></c:pt>`)
    .join('')}</c:numLit>`;
}

function text(s: string, size = 1000): string {
  return `<c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="${size}" b="0"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="${size}" b="0"/><a:t>${esc(s)}</a:t></a:r></a:p></c:rich></c:tx>`;
}

export function chartXml(
  bars: readonly ChartBar[],
  opts: { series: string; target?: { label: string; value: number }; axisTitle: string },
): string {
  const labels = bars.map((b) => b.label);
  const cat = `<c:cat>${strLit(labels)}</c:cat>`;
  const target = opts.target;
  const line = target
    ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>
<c:ser><c:idx val="1"/><c:order val="1"/><c:tx><c:v>${esc(target.label)}</c:v></c:tx>
<c:spPr><a:ln w="22225"><a:solidFill><a:srgbClr val="C00000"/></a:solidFill><a:prstDash val="dash"/></a:ln></c:spPr>
<c:marker><c:symbol val="none"/></c:marker>${cat}<c:val>${numLit(bars.map(() => target.value))}</c:val><c:smooth val="0"/></c:ser>
<c:marker val="1"/><c:axId val="5001"/><c:axId val="5002"/></c:lineChart>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<c:lang val="zh-CN"/><c:roundedCorners val="0"/>
<c:chart><c:autoTitleDeleted val="1"/>
<c:plotArea><c:layout/>
<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>
<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>${esc(opts.series)}</c:v></c:tx>
<c:spPr><a:solidFill><a:srgbClr val="4472C4"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>
<c:errBars><c:errDir val="y"/><c:errBarType val="both"/><c:errValType val="cust"/><c:noEndCap val="0"/>
<c:plus>${numLit(bars.map((b) => b.high - b.value))}</c:plus><c:minus>${numLit(bars.map((b) => b.value - b.low))}</c:minus>
<c:spPr><a:ln w="15875"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></c:spPr></c:errBars>
${cat}<c:val>${numLit(bars.map((b) => b.value))}</c:val></c:ser>
<c:gapWidth val="70"/><c:axId val="5001"/><c:axId val="5002"/></c:barChart>
${line}
<c:catAx><c:axId val="5001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>
<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>
<c:txPr><a:bodyPr rot="-2700000"/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>
<c:crossAx val="5002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>
<c:valAx><c:axId val="5002"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>
<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>
<c:title>${text(opts.axisTitle, 900)}<c:overlay val="0"/></c:title>
<c:numFmt formatCode="0" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>
<c:crossAx val="5001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>
</c:plotArea>
<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>
</c:chart>
<c:txPr><a:bodyPr/><a:p><a:pPr><a:defRPr sz="1000"><a:latin typeface="Arial"/><a:ea typeface="SimSun"/></a:defRPr></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>
</c:chartSpace>`;
}

/** The paragraph that shows chart part `rId` inline, `widthCm` × `heightCm`. */
export function chartParagraph(rId: string, id: number, widthCm: number, heightCm: number): string {
  const emu = (cm: number) => Math.round(cm * 360000);
  return `<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${emu(widthCm)}" cy="${emu(heightCm)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="${id}" name="Chart ${id}"/><wp:cNvGraphicFramePr/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="${rId}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`;
}
