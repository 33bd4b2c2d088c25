/**
 * Puts native charts into a .docx written by the `docx` library (which writes no charts): each paragraph holding
 * a placeholder text is replaced by the chart's drawing, with the chart part, its relationship and content type.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { chartParagraph } from './chart.ts';

export interface ChartPart {
  /** Text of the placeholder paragraph the chart replaces. */
  placeholder: string;
  xml: string;
  widthCm: number;
  heightCm: number;
}

export function injectCharts(docx: Uint8Array, charts: readonly ChartPart[]): Uint8Array {
  const files = unzipSync(docx);
  let document = strFromU8(files['word/document.xml']!);
  let rels = strFromU8(files['word/_rels/document.xml.rels']!);
  let types = strFromU8(files['[Content_Types].xml']!);
  charts.forEach((c, k) => {
    const n = k + 1;
    const rId = `rIdScilitChart${n}`;
    const at = document.indexOf(c.placeholder);
    if (at < 0) throw new Error(`chart placeholder ${c.placeholder} is not in the document`);
    const start =
      document.lastIndexOf('<w:p>', at) >= 0 ? document.lastIndexOf('<w:p>', at) : document.lastIndexOf('<w:p ', at);
    const end = document.indexOf('</w:p>', at) + '</w:p>'.length;
    document = document.slice(0, start) + chartParagraph(rId, 9000 + n, c.widthCm, c.heightCm) + document.slice(end);
    files[`word/charts/chart${n}.xml`] = strToU8(c.xml);
    rels = rels.replace(
      '</Relationships>',
      `<Relationship Id="${rId}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="charts/chart${n}.xml"/></Relationships>`,
    );
    types = types.replace(
      '</Types>',
      `<Override PartName="/word/charts/chart${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/></Types>`,
    );
  });
  files['word/document.xml'] = strToU8(document);
  files['word/_rels/document.xml.rels'] = strToU8(rels);
  files['[Content_Types].xml'] = strToU8(types);
  return zipSync(files);
}
