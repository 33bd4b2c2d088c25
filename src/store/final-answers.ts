import type { Form } from '../form/model.ts';
import { currentPack, packFieldsOf, packFieldsStamp, packLookupReader, readAnswerPacks } from './answer-packs.ts';
import type { SqlDriver } from './driver.ts';
import { answersByKey, finalInterviewStamps } from './scores.ts';

/** One interview's answer to a field; null or undefined where there is none (packs keep no difference). */
export type Answers = (field: string) => string | null | undefined;

const none: Answers = () => undefined;

/**
 * The answers of every final interview of a form's version, by interview id (in id order), each as a lookup: from the
 * interview's answer pack where that is current (one short string per interview, which a rescore keeps filled),
 * else from the answers table. Reading packs instead of millions of answer rows is what makes estimates by group and
 * region, weighting and item analysis of 100,000 interviews fast.
 * A field in `wanted` that can have no answer in the form (not among packFieldsOf) is in no pack: then every interview is read from the answers table. `packs` lets callers that read
 * several versions read the pack table once (readAnswerPacks).
 */
export function finalAnswersOfVersion(
  db: SqlDriver,
  form: Form,
  options: { wanted?: readonly string[]; packs?: Map<string, string> } = {},
): Map<string, Answers> {
  const fields = packFieldsOf(form);
  const { keys, stamps } = finalInterviewStamps(db, form.formId, form.version);
  const usePacks = (options.wanted ?? []).every((f) => fields.includes(f));
  const packs = usePacks ? (options.packs ?? readAnswerPacks(db)) : new Map<string, string>();
  const prefix = packFieldsStamp(fields);
  const lookup = packLookupReader(fields);
  const out = new Map<string, Answers>();
  const unpacked: string[] = [];
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const packed = currentPack(packs.get(key), prefix, stamps[k]!);
    if (packed === undefined) unpacked.push(key);
    // Set now, in id order; the ones without a current pack are filled below.
    out.set(JSON.parse(key) as string, packed === undefined ? none : lookup(packed));
  }
  for (const [key, json] of answersByKey(db, unpacked)) {
    const byField = JSON.parse(json) as Record<string, string | null>;
    out.set(JSON.parse(key) as string, (field) => byField[field]);
  }
  return out;
}
