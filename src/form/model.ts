/**
 * The questionnaire model: what an XLSForm says, parsed and checked. A published form (form_id + version) is
 * immutable; every interview points at the exact version it used. Expressions are kept as source text here
 * and parsed by src/form/expr/.
 */

/** Language code → text, e.g. { zh: '年龄', en: 'Age' }. The key '' holds a plain `label` column. */
export type Labels = Readonly<Record<string, string>>;

export interface Language {
  /** Short code from the column header, e.g. `zh` in `label::中文 (zh)`. */
  code: string;
  /** Display name from the column header, e.g. `中文`. */
  name: string;
}

export type FieldType =
  | 'text'
  | 'integer'
  | 'decimal'
  | 'select_one'
  | 'select_multiple'
  | 'note'
  | 'calculate'
  | 'date'
  | 'time'
  | 'dateTime'
  /** Typed coordinates "lat lon [altitude [accuracy]]"; traces and shapes are points joined by ";". */
  | 'geopoint'
  | 'geotrace'
  | 'geoshape'
  /** Typed (a laptop has no scanner). */
  | 'barcode'
  /** A number between `parameters.start` and `.end`, on the `.step` grid. */
  | 'range'
  /** Choice names in the order the respondent ranks them, space-separated. */
  | 'rank'
  /** "OK" once acknowledged. */
  | 'acknowledge'
  | 'trigger'
  /** A value never shown (set by a default or a calculation). */
  | 'hidden'
  // Metadata: recorded by the interview, never asked.
  | 'start'
  | 'end'
  | 'today'
  | 'deviceid'
  | 'username'
  /** Phone metadata ODK Collect records: empty on a laptop. */
  | 'phonenumber'
  | 'simserial'
  | 'subscriberid'
  | 'email'
  | 'audit'
  | 'start-geopoint';

/** Types never shown as questions: calculated or recorded by the interview itself. */
export const UNASKED_TYPES: ReadonlySet<FieldType> = new Set<FieldType>([
  'calculate',
  'hidden',
  'start',
  'end',
  'today',
  'deviceid',
  'username',
  'phonenumber',
  'simserial',
  'subscriberid',
  'email',
  'audit',
  'start-geopoint',
]);

/** Where a thing came from in the workbook, for messages. */
export interface SourceRef {
  sheet: string;
  row: number;
}

/** scilit's scoring columns on a knowledge item (`scoring::*`). */
export interface ItemScoring {
  /** `knowledge` | `method` | `thinking` | `application`, or a scheme's own code. */
  dimension: string;
  /** Points for a correct answer. */
  points: number;
  /** Correct choice names; for select_multiple all and only these. For numeric items, the correct value. */
  key: readonly string[];
  /** Choice names that fail the respondent regardless of score. */
  veto?: readonly string[];
  /** Numeric items: an answer within ±tolerance of the key is correct. */
  tolerance?: number;
}

export interface Field {
  kind: 'field';
  name: string;
  type: FieldType;
  /** The choice list of select_one / select_multiple. */
  listName?: string;
  label: Labels;
  hint?: Labels;
  /** Expressions (source text). `required` of `yes` is stored as `true()`. */
  required?: string;
  requiredMessage?: Labels;
  relevant?: string;
  constraint?: string;
  constraintMessage?: Labels;
  calculation?: string;
  choiceFilter?: string;
  default?: string;
  readOnly?: boolean;
  appearance?: string;
  /** Media files named by the form (type → language → file), kept for export; scilit does not show them. */
  media?: Readonly<Record<string, Labels>>;
  /** The `parameters` column as key=value pairs (range: start, end, step; others as ODK defines them). */
  parameters?: Readonly<Record<string, string>>;
  scoring?: ItemScoring;
  source?: SourceRef;
}

export interface Group {
  kind: 'group';
  name: string;
  label: Labels;
  relevant?: string;
  /** `field-list` shows the whole group on one screen. */
  appearance?: string;
  children: readonly SurveyNode[];
  source?: SourceRef;
}

export type SurveyNode = Field | Group;

export interface Choice {
  name: string;
  label: Labels;
  /** Media files named by the choice (type → language → file), kept for export. */
  media?: Readonly<Record<string, Labels>>;
  /** Extra columns of the choices sheet, usable in choice_filter (e.g. `district` for a cascading select). */
  properties?: Readonly<Record<string, string>>;
}

/** A row of the `scoring` sheet: a literacy level and its lower bound. */
export interface LevelRule {
  level: string;
  minScore: number;
  /** `>=` (default) or `>`: published wording differs ("70分及以上" vs "超过70分"). */
  comparison: '>=' | '>';
  label: Labels;
}

/** A row of the `groups` sheet: a key population as a rule over the form's fields. */
export interface PopulationGroup {
  name: string;
  label: Labels;
  /** Expression over the form's fields, e.g. `${age} >= 60`. */
  rule: string;
  /** Why the boundary is where it is (the `note` column of the `groups` sheet). */
  note?: string;
}

export interface Form {
  formId: string;
  version: string;
  title: Labels;
  defaultLanguage: string;
  languages: readonly Language[];
  survey: readonly SurveyNode[];
  choices: Readonly<Record<string, readonly Choice[]>>;
  /** From the `scoring` sheet; empty means the national rule (methodology.md §1.1). */
  levels: readonly LevelRule[];
  /** From the `groups` sheet; empty means the five key populations of methodology.md §1.3. */
  groups: readonly PopulationGroup[];
  /** settings.instance_name: an expression naming each interview in lists (ODK Collect shows it). */
  instanceName?: string;
}

/** Every field in survey order, groups flattened. */
export function allFields(form: Pick<Form, 'survey'>): Field[] {
  const out: Field[] = [];
  const walk = (nodes: readonly SurveyNode[]) => {
    for (const n of nodes) {
      if (n.kind === 'field') out.push(n);
      else walk(n.children);
    }
  };
  walk(form.survey);
  return out;
}

/** The label in `lang`, else the default language, else any label, else the name. */
export function labelOf(labels: Labels | undefined, lang: string, fallback = ''): string {
  if (!labels) return fallback;
  return labels[lang] ?? labels[''] ?? Object.values(labels)[0] ?? fallback;
}
