/**
 * The answer variables of a form for the data export: one numeric variable per select_one (choice codes with
 * value labels), one 0/1 variable per choice of a select_multiple, numbers for integer/decimal, text otherwise.
 * Each respondent's missing answer is told apart: "no answer" (the question was relevant) from "not applicable"
 * (its relevance rule skipped it); 不知道 keeps its choice code, declared user-missing.
 */
import { allFields, type Choice, type Field, type Form, labelOf } from '../../form/model.ts';
import type { MissingRole, NumericVariable, StringVariable, ValueLabel, Variable } from './dataset.ts';

/** What a respondent has for a field: a value, why there is none, or null (nothing to say: a calculation). */
export const NO_ANSWER = Symbol('no answer');
export const NOT_APPLICABLE = Symbol('not applicable');
export type AnswerCell = string | typeof NO_ANSWER | typeof NOT_APPLICABLE | null;

/** Fields that hold no respondent data. */
const SKIP = new Set(['note', 'begin_repeat', 'end_repeat', 'acknowledge', 'trigger']);

export interface MissingWords {
  noAnswer: string;
  notApplicable: string;
  dontKnow: string;
}

export const MISSING_WORDS: Record<'zh' | 'en', MissingWords> = {
  zh: { noAnswer: '未回答', notApplicable: '不适用', dontKnow: '不知道' },
  en: { noAnswer: 'No answer', notApplicable: 'Not applicable', dontKnow: "Don't know" },
};

/** The fields of the export, newest version's order first, then fields only older versions have. */
export function exportFields(forms: readonly Form[]): { field: Field; form: Form }[] {
  const seen = new Set<string>();
  const out: { field: Field; form: Form }[] = [];
  for (const form of forms) {
    for (const field of allFields(form)) {
      if (SKIP.has(field.type) || seen.has(field.name)) continue;
      seen.add(field.name);
      out.push({ field, form });
    }
  }
  return out;
}

/** A choice list's codes: the names themselves when all are whole numbers, else 1, 2, ... in list order. */
export function choiceCodes(choices: readonly Choice[]): Map<string, number> {
  const numeric = choices.length > 0 && choices.every((c) => /^-?\d{1,9}$/.test(c.name));
  return new Map(choices.map((c, i) => [c.name, numeric ? Number(c.name) : i + 1]));
}

/** Codes for no answer and not applicable that no real value of the variable uses: -99/-98, else -999/-998, ... */
function missingCodes(used: Iterable<number>): { noAnswer: number; notApplicable: number } {
  const taken = new Set(used);
  for (let k = 99; ; k = k * 10 + 9) {
    if (!taken.has(-k) && !taken.has(-(k - 1))) return { noAnswer: -k, notApplicable: -(k - 1) };
  }
}

interface Builder {
  /** Variables this field becomes (names are the wanted ones; the caller makes them valid and unique). */
  variables: Variable[];
  /** A select_one's code of each choice name (weighting targets name choices; the data hold codes). */
  codes?: ReadonlyMap<string, number>;
  /** Takes respondent i's cell. */
  set(i: number, cell: AnswerCell): void;
}

function numericVariable(name: string, label: string, n: number, measure: NumericVariable['measure']) {
  return {
    kind: 'numeric' as const,
    name,
    label,
    role: 'answer' as const,
    values: new Float64Array(n).fill(Number.NaN),
    decimals: 0,
    measure,
  };
}

function withMissing(
  v: ReturnType<typeof numericVariable>,
  codes: { noAnswer: number; notApplicable: number; dontKnow?: number },
  labels: ValueLabel[],
  words: MissingWords,
): NumericVariable {
  const missing: Partial<Record<MissingRole, number>> = {
    noAnswer: codes.noAnswer,
    notApplicable: codes.notApplicable,
  };
  if (codes.dontKnow !== undefined) missing.dontKnow = codes.dontKnow;
  return {
    ...v,
    missing,
    valueLabels: [
      ...labels,
      { value: codes.noAnswer, label: words.noAnswer },
      { value: codes.notApplicable, label: words.notApplicable },
    ],
  };
}

/** The variables of one field, filled respondent by respondent through `set`. */
export function fieldBuilder(
  field: Field,
  form: Form,
  n: number,
  lang: 'zh' | 'en',
  dontKnow: ReadonlySet<string>,
  texts: readonly (string | null)[] | undefined,
): Builder {
  const words = MISSING_WORDS[lang];
  const label = labelOf(field.label, lang, field.name);
  const choices = field.listName ? (form.choices[field.listName] ?? []) : [];
  const choiceLabel = (c: Choice) => labelOf(c.label, lang, c.name);

  if (field.type === 'select_one') {
    const codes = choiceCodes(choices);
    const dk = choices.find((c) => dontKnow.has(c.name));
    const m = missingCodes(codes.values());
    const v = withMissing(
      numericVariable(field.name, label, n, 'nominal'),
      { ...m, dontKnow: dk ? codes.get(dk.name) : undefined },
      choices.map((c) => ({ value: codes.get(c.name)!, label: choiceLabel(c) })),
      words,
    );
    return {
      variables: [v],
      codes,
      set(i, cell) {
        if (cell === NO_ANSWER) v.values[i] = m.noAnswer;
        else if (cell === NOT_APPLICABLE) v.values[i] = m.notApplicable;
        // A value outside the list (an older version's choice) has no code: system missing, never a wrong code.
        else if (typeof cell === 'string') v.values[i] = codes.get(cell) ?? Number.NaN;
      },
    };
  }

  if (field.type === 'select_multiple') {
    const m = missingCodes([0, 1]);
    const yesNo = lang === 'en' ? ['No', 'Yes'] : ['否', '是'];
    const vars = choices.map((c) =>
      withMissing(
        numericVariable(`${field.name}_${c.name}`, `${label}: ${choiceLabel(c)}`, n, 'nominal'),
        m,
        [
          { value: 0, label: yesNo[0]! },
          { value: 1, label: yesNo[1]! },
        ],
        words,
      ),
    );
    return {
      variables: vars,
      set(i, cell) {
        const picked = typeof cell === 'string' ? new Set(cell.split(' ')) : undefined;
        choices.forEach((c, k) => {
          const v = vars[k]!;
          if (cell === NO_ANSWER) v.values[i] = m.noAnswer;
          else if (cell === NOT_APPLICABLE) v.values[i] = m.notApplicable;
          else if (picked) v.values[i] = picked.has(c.name) ? 1 : 0;
        });
      },
    };
  }

  // Numbers: integer and decimal questions, and calculations whose every value is a number.
  const isNumber = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));
  const numeric =
    field.type === 'integer' ||
    field.type === 'decimal' ||
    (field.type === 'calculate' &&
      texts !== undefined &&
      texts.some((t) => t !== null) &&
      texts.every((t) => t === null || isNumber(t)));
  if (numeric) {
    const values = (texts ?? []).filter((t): t is string => t !== null && isNumber(t)).map(Number);
    const m = missingCodes(values.filter(Number.isInteger));
    let decimals = 0;
    for (const x of values) {
      if (!Number.isInteger(x)) decimals = Math.max(decimals, Math.min(9, (String(x).split('.')[1] ?? '').length));
    }
    const v = withMissing({ ...numericVariable(field.name, label, n, 'scale'), decimals }, m, [], words);
    return {
      variables: [v],
      set(i, cell) {
        if (cell === NO_ANSWER) v.values[i] = m.noAnswer;
        else if (cell === NOT_APPLICABLE) v.values[i] = m.notApplicable;
        else if (typeof cell === 'string' && isNumber(cell)) v.values[i] = Number(cell);
      },
    };
  }

  // Text (free text, dates as ISO text, metadata): strings know no missing codes, so '' for every missing kind.
  const values: string[] = new Array(n).fill('');
  const v: StringVariable = { kind: 'string', name: field.name, label, role: 'answer', values };
  return {
    variables: [v],
    set(i, cell) {
      if (typeof cell === 'string') values[i] = cell;
    },
  };
}
