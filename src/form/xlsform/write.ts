import ExcelJS from 'exceljs';
import { allFields, type Field, type Form, type Group, type Labels, type Language, type SurveyNode } from '../model.ts';
import { languageHeader } from './headers.ts';

type Cell = string | number;

/** Header per language: `label::中文 (zh)`; a plain `label` for the '' key. */
function textColumns(base: string, used: ReadonlySet<string>, languages: readonly Language[]): [string, string][] {
  const out: [string, string][] = [];
  if (used.has('')) out.push([base, '']);
  for (const l of languages) if (used.has(l.code)) out.push([`${base}::${languageHeader(l)}`, l.code]);
  // Codes without a declared language still round-trip.
  for (const code of used) {
    if (code !== '' && !languages.some((l) => l.code === code)) out.push([`${base}::${code}`, code]);
  }
  return out;
}

/** `media::image`, `media::audio::English (en)`: one column per media type and language used. */
function mediaColumns(
  all: readonly (Readonly<Record<string, Labels>> | undefined)[],
  languages: readonly Language[],
): [header: string, type: string, code: string][] {
  const out: [string, string, string][] = [];
  const seen = new Set<string>();
  for (const m of all) {
    for (const [type, byLang] of Object.entries(m ?? {})) {
      for (const code of Object.keys(byLang)) {
        const key = `${type}\u0000${code}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const lang = languages.find((l) => l.code === code);
        out.push([
          code === '' ? `media::${type}` : `media::${type}::${lang ? languageHeader(lang) : code}`,
          type,
          code,
        ]);
      }
    }
  }
  return out;
}

function keysOf(labels: Iterable<Labels | undefined>): Set<string> {
  const s = new Set<string>();
  for (const l of labels) for (const k of Object.keys(l ?? {})) s.add(k);
  return s;
}

function addSheet(wb: ExcelJS.Workbook, name: string, header: string[], rows: Cell[][]): void {
  const ws = wb.addWorksheet(name);
  ws.addRow(header);
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v) => (v === '' ? null : v)));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  header.forEach((h, i) => {
    ws.getColumn(i + 1).width = Math.min(60, Math.max(10, h.length + 2));
  });
}

/** Writes a form as an XLSForm workbook: standard sheets and columns, plus scilit's scoring columns and sheets. */
export async function writeXlsForm(form: Form): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const fields = allFields(form);
  const groups: Group[] = [];
  const walk = (nodes: readonly SurveyNode[]) => {
    for (const n of nodes) {
      if (n.kind === 'group') {
        groups.push(n);
        walk(n.children);
      }
    }
  };
  walk(form.survey);

  type Col = { header: string; get: (n: SurveyNode) => Cell | undefined };
  const text = (base: string, pick: (n: SurveyNode) => Labels | undefined): Col[] => {
    const used = keysOf([...fields, ...groups].map(pick));
    return textColumns(base, used, form.languages).map(([header, code]) => ({
      header,
      get: (n) => pick(n)?.[code],
    }));
  };
  const field =
    <K extends keyof Field>(k: K) =>
    (n: SurveyNode) =>
      n.kind === 'field' ? n[k] : undefined;
  const plain = (header: string, get: (n: SurveyNode) => Cell | undefined): Col[] =>
    [...fields, ...groups].some((n) => get(n) !== undefined && get(n) !== '') ? [{ header, get }] : [];
  const scoring = (n: SurveyNode) => (n.kind === 'field' ? n.scoring : undefined);

  const cols: Col[] = [
    { header: 'type', get: () => undefined },
    { header: 'name', get: (n) => n.name },
    ...text('label', (n) => n.label),
    ...text('hint', (n) => (n.kind === 'field' ? n.hint : undefined)),
    ...plain('required', (n) =>
      n.kind === 'field' && n.required ? (n.required === 'true()' ? 'yes' : n.required) : undefined,
    ),
    ...text('required_message', (n) => (n.kind === 'field' ? n.requiredMessage : undefined)),
    ...plain('relevant', (n) => n.relevant),
    ...plain('constraint', field('constraint') as (n: SurveyNode) => string | undefined),
    ...text('constraint_message', (n) => (n.kind === 'field' ? n.constraintMessage : undefined)),
    ...plain('calculation', field('calculation') as (n: SurveyNode) => string | undefined),
    ...plain('choice_filter', field('choiceFilter') as (n: SurveyNode) => string | undefined),
    ...plain('default', field('default') as (n: SurveyNode) => string | undefined),
    ...plain('read_only', (n) => (n.kind === 'field' && n.readOnly ? 'yes' : undefined)),
    ...plain('appearance', (n) => n.appearance),
    ...mediaColumns(
      fields.map((f) => f.media),
      form.languages,
    ).map(([header, type, code]) => ({
      header,
      get: (n: SurveyNode) => (n.kind === 'field' ? n.media?.[type]?.[code] : undefined),
    })),
    ...plain('parameters', (n) =>
      n.kind === 'field' && n.parameters
        ? Object.entries(n.parameters)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')
        : undefined,
    ),
    ...plain('scoring::dimension', (n) => scoring(n)?.dimension),
    ...plain('scoring::points', (n) => scoring(n)?.points),
    ...plain('scoring::key', (n) => scoring(n)?.key.join(' ')),
    ...plain('scoring::veto', (n) => scoring(n)?.veto?.join(' ')),
    ...plain('scoring::tolerance', (n) => scoring(n)?.tolerance),
  ];
  const surveyRows: Cell[][] = [];
  const emit = (nodes: readonly SurveyNode[]) => {
    for (const n of nodes) {
      const type = n.kind === 'group' ? 'begin group' : n.listName ? `${n.type} ${n.listName}` : n.type;
      surveyRows.push([type, ...cols.slice(1).map((c) => c.get(n) ?? '')]);
      if (n.kind === 'group') {
        emit(n.children);
        surveyRows.push(['end group', n.name]);
      }
    }
  };
  emit(form.survey);
  addSheet(
    wb,
    'survey',
    cols.map((c) => c.header),
    surveyRows,
  );

  const lists = Object.entries(form.choices);
  const allChoices = lists.flatMap(([, cs]) => cs);
  const choiceText = textColumns('label', keysOf(allChoices.map((c) => c.label)), form.languages);
  const props = [...new Set(allChoices.flatMap((c) => Object.keys(c.properties ?? {})))];
  const choiceMedia = mediaColumns(
    allChoices.map((c) => c.media),
    form.languages,
  );
  addSheet(
    wb,
    'choices',
    ['list_name', 'name', ...choiceText.map(([h]) => h), ...choiceMedia.map(([h]) => h), ...props],
    lists.flatMap(([list, cs]) =>
      cs.map((c) => [
        list,
        c.name,
        ...choiceText.map(([, code]) => c.label[code] ?? ''),
        ...choiceMedia.map(([, type, code]) => c.media?.[type]?.[code] ?? ''),
        ...props.map((p) => c.properties?.[p] ?? ''),
      ]),
    ),
  );

  const dl = form.languages.find((l) => l.code === form.defaultLanguage);
  // A list that names a choice twice was read with allow_choice_duplicates: say so again.
  const duplicates = lists.some(([, cs]) => new Set(cs.map((c) => c.name)).size < cs.length);
  addSheet(
    wb,
    'settings',
    [
      'form_title',
      'form_id',
      'version',
      'default_language',
      ...(form.instanceName ? ['instance_name'] : []),
      ...(duplicates ? ['allow_choice_duplicates'] : []),
    ],
    [
      [
        form.title[''] ?? Object.values(form.title)[0] ?? '',
        form.formId,
        form.version,
        dl ? languageHeader(dl) : '',
        ...(form.instanceName ? [form.instanceName] : []),
        ...(duplicates ? ['yes'] : []),
      ],
    ],
  );

  if (form.levels.length > 0) {
    const lt = textColumns('label', keysOf(form.levels.map((l) => l.label)), form.languages);
    addSheet(
      wb,
      'scoring',
      ['level', 'min_score', 'comparison', ...lt.map(([h]) => h)],
      form.levels.map((l) => [l.level, l.minScore, l.comparison, ...lt.map(([, code]) => l.label[code] ?? '')]),
    );
  }
  if (form.groups.length > 0) {
    const gt = textColumns('label', keysOf(form.groups.map((g) => g.label)), form.languages);
    const notes = form.groups.some((g) => g.note);
    addSheet(
      wb,
      'groups',
      ['name', ...gt.map(([h]) => h), 'rule', ...(notes ? ['note'] : [])],
      form.groups.map((g) => [
        g.name,
        ...gt.map(([, code]) => g.label[code] ?? ''),
        g.rule,
        ...(notes ? [g.note ?? ''] : []),
      ]),
    );
  }
  // Strings that look like numbers stay text (a version "2025.10" must not become 2025.1).
  for (const ws of wb.worksheets) {
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') cell.numFmt = '@';
      });
    });
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
