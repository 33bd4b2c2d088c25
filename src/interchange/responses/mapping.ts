/**
 * Which form field each column of an office's file holds. A header matches a field by its name, by its label
 * in any of the form's languages (exactly, after trimming), or by an ODK/Kobo group path (`grp/q`, `grp-q`);
 * `q/choice` columns are select_multiple 0/1 columns. A header that matches nothing, or several fields, is
 * reported — never guessed.
 */
import { type Field, type Form, labelOf, type SurveyNode } from '../../form/model.ts';
import { columnLetter } from '../problem.ts';
import { halfWidth } from './values.ts';

export type InterviewMeta = 'surveyor' | 'device' | 'stratum' | 'psu' | 'household';

export type ColumnTarget =
  | { kind: 'field'; field: Field }
  | { kind: 'choice'; field: Field; choice: string }
  | { kind: 'id' }
  | { kind: 'meta'; key: InterviewMeta }
  | { kind: 'ignored'; why: 'tool_metadata' | 'computed' | 'note' | 'split_of_whole' }
  | { kind: 'unknown' }
  | { kind: 'ambiguous'; candidates: string[] }
  | { kind: 'duplicate'; firstColumn: string }
  | { kind: 'no_header' };

export interface ColumnMapping {
  index: number;
  /** `header (C)`: how messages name the column. */
  column: string;
  header: string;
  target: ColumnTarget;
  /** How the header was matched: `name`, `label`, `path`, `choice`. */
  how?: string;
}

const ID_HEADERS = new Set([
  'instanceid',
  'meta/instanceid',
  'meta-instanceid',
  '_uuid',
  'key',
  'uuid',
  'interview_id',
]);
const META_HEADERS: Record<string, InterviewMeta> = {
  surveyor: 'surveyor',
  interviewer: 'surveyor',
  调查员: 'surveyor',
  username: 'surveyor',
  deviceid: 'device',
  device: 'device',
  stratum: 'stratum',
  psu: 'psu',
  household: 'household',
};
/** Columns that ODK Central, KoboToolbox and SurveyCTO add to every export. */
const TOOL_METADATA = new Set([
  '_id',
  '_index',
  '_parent_index',
  '_parent_table_name',
  '_submission_time',
  '_submitted_by',
  '_status',
  '_version',
  '__version__',
  '_validation_status',
  '_notes',
  '_tags',
  '_geolocation',
  '_attachments',
  '_duration',
  '_xform_id_string',
  'formhub/uuid',
  'meta/instancename',
  'meta/deprecatedid',
  'meta/audit',
  'meta/rootuuid',
  'submissiondate',
  'submitterid',
  'submittername',
  'attachmentspresent',
  'attachmentsexpected',
  'status',
  'reviewstate',
  'edits',
  'formversion',
  'start',
  'end',
  'today',
  'instancename',
]);

const norm = (s: string) => halfWidth(s).trim().replace(/\s+/g, ' ');

interface Candidates {
  byName: Map<string, Field>;
  byLowerName: Map<string, Field[]>;
  byLabel: Map<string, Field[]>;
  byPath: Map<string, Field>;
}

function index(form: Form): Candidates {
  const c: Candidates = { byName: new Map(), byLowerName: new Map(), byLabel: new Map(), byPath: new Map() };
  const push = <K>(m: Map<K, Field[]>, k: K, f: Field) => {
    const list = m.get(k) ?? [];
    if (!list.includes(f)) list.push(f);
    m.set(k, list);
  };
  const walk = (nodes: readonly SurveyNode[], path: string[]) => {
    for (const n of nodes) {
      if (n.kind === 'group') {
        walk(n.children, [...path, n.name]);
        continue;
      }
      c.byName.set(n.name, n);
      push(c.byLowerName, n.name.toLowerCase(), n);
      for (const l of Object.values(n.label)) if (norm(l)) push(c.byLabel, norm(l), n);
      // Every suffix of the group path, with either separator: Kobo may drop outer groups.
      for (let i = 0; i < path.length; i++) {
        const p = [...path.slice(i), n.name];
        c.byPath.set(p.join('/'), n);
        c.byPath.set(p.join('-'), n);
      }
    }
  };
  walk(form.survey, []);
  return c;
}

function matchField(c: Candidates, header: string): { field?: Field; how?: string; ambiguous?: Field[] } {
  const f = c.byName.get(header) ?? c.byPath.get(header);
  if (f) return { field: f, how: c.byName.has(header) ? 'name' : 'path' };
  const lower = c.byLowerName.get(header.toLowerCase());
  if (lower?.length === 1) return { field: lower[0], how: 'name' };
  const byLabel = c.byLabel.get(header);
  if (byLabel?.length === 1) return { field: byLabel[0], how: 'label' };
  if (byLabel && byLabel.length > 1) return { ambiguous: byLabel };
  return {};
}

const NOT_ANSWERS = new Set(['note']);

/** Maps each header cell to its target. `labelsLang` is only for the `how` text. */
export function mapColumns(form: Form, headers: readonly string[]): ColumnMapping[] {
  const c = index(form);
  const out: ColumnMapping[] = [];
  const seen = new Map<string, string>();
  const wholeSelectMultiple = new Set<string>();
  headers.forEach((raw, i) => {
    const header = norm(raw ?? '');
    const column = header ? `${header} (${columnLetter(i)})` : columnLetter(i);
    const m: ColumnMapping = { index: i, column, header, target: { kind: 'unknown' } };
    out.push(m);
    if (!header) {
      m.target = { kind: 'no_header' };
      return;
    }
    const lower = header.toLowerCase();
    const found = matchField(c, header);
    if (found.field) {
      m.how = found.how;
      const f = found.field;
      if (NOT_ANSWERS.has(f.type)) m.target = { kind: 'ignored', why: 'note' };
      else if (f.type === 'calculate') m.target = { kind: 'ignored', why: 'computed' };
      else m.target = { kind: 'field', field: f };
    } else if (found.ambiguous) {
      m.target = { kind: 'ambiguous', candidates: found.ambiguous.map((f) => f.name) };
    } else if (ID_HEADERS.has(lower)) {
      m.target = { kind: 'id' };
    } else if (META_HEADERS[lower]) {
      m.target = { kind: 'meta', key: META_HEADERS[lower] };
    } else if (TOOL_METADATA.has(lower) || lower.startsWith('_')) {
      m.target = { kind: 'ignored', why: 'tool_metadata' };
    } else {
      // `q/choice` (or `grp/q/choice`, or `label/choice label`): one 0/1 column per choice of a select_multiple.
      const cut = Math.max(header.lastIndexOf('/'), header.lastIndexOf('-'));
      if (cut > 0) {
        const q = matchField(c, header.slice(0, cut)).field;
        const tail = header.slice(cut + 1);
        if (q?.type === 'select_multiple' && q.listName) {
          const choice = form.choices[q.listName]?.find(
            (ch) => ch.name === tail || Object.values(ch.label).some((l) => norm(l) === tail),
          );
          if (choice) {
            m.target = { kind: 'choice', field: q, choice: choice.name };
            m.how = 'choice';
          }
        }
      }
    }
    const key =
      m.target.kind === 'field'
        ? `f:${m.target.field.name}`
        : m.target.kind === 'choice'
          ? `c:${m.target.field.name}/${m.target.choice}`
          : m.target.kind === 'id' || m.target.kind === 'meta'
            ? `${m.target.kind}:${m.target.kind === 'meta' ? m.target.key : ''}`
            : undefined;
    if (key) {
      const first = seen.get(key);
      if (first) m.target = { kind: 'duplicate', firstColumn: first };
      else seen.set(key, column);
      if (m.target.kind === 'field' && m.target.field.type === 'select_multiple') {
        wholeSelectMultiple.add(m.target.field.name);
      }
    }
  });
  // Kobo writes both `q` (space-separated) and `q/choice` columns: the whole answer wins.
  for (const m of out) {
    if (m.target.kind === 'choice' && wholeSelectMultiple.has(m.target.field.name)) {
      m.target = { kind: 'ignored', why: 'split_of_whole' };
    }
  }
  return out;
}

/** Human description of a mapping row, for the CLI and the UI. */
export function describeTarget(m: ColumnMapping, lang: string): string {
  const t = m.target;
  const zh = lang === 'zh';
  switch (t.kind) {
    case 'field':
      return `${t.field.name}${zh ? `（${labelOf(t.field.label, 'zh')}）` : ''}`;
    case 'choice':
      return `${t.field.name} = ${t.choice} (0/1)`;
    case 'id':
      return zh ? '问卷编号（instanceID）' : 'interview id (instanceID)';
    case 'meta':
      return t.key;
    case 'ignored':
      return zh
        ? {
            tool_metadata: '忽略：系统导出的附加列',
            computed: '忽略：由问卷自动计算',
            note: '忽略：说明文字',
            split_of_whole: '忽略：已有整题列',
          }[t.why]
        : {
            tool_metadata: 'ignored: export metadata',
            computed: 'ignored: computed by the form',
            note: 'ignored: a note',
            split_of_whole: 'ignored: the whole answer column is present',
          }[t.why];
    case 'unknown':
      return zh ? '无法对应到问卷的任何题目' : 'matches no question of the form';
    case 'ambiguous':
      return zh
        ? `可对应多道题（${t.candidates.join('、')}）`
        : `matches several questions (${t.candidates.join(', ')})`;
    case 'duplicate':
      return zh ? `与 ${t.firstColumn} 重复` : `repeats ${t.firstColumn}`;
    case 'no_header':
      return zh ? '没有表头' : 'no header';
  }
}
