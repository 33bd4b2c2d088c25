/**
 * Fields a simulated sample as interviews, through the same API operations the interview screen uses
 * (`interview/start`, `interview/saveAnswer` per question in questionnaire order, `interview/finalize`),
 * with the design recorded on each interview: district (region), stratum (its urban or rural part),
 * community/village (PSU), household, the design weight 1/π, surveyor and tablet.
 */

import { allFields, type Form } from '../form/model.ts';
import { FormRuntime } from '../form/runtime.ts';
import type { SqlDriver } from '../store/driver.ts';
import type { FieldBehaviour } from './field-behaviour.ts';
import { Rng } from './random.ts';
import type { SurveySample } from './survey.ts';
import { type City, personAnswers } from './truth.ts';

export type ApiCall = (
  name: string,
  args: unknown,
) => Promise<{ ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }>;

export interface FieldingOptions {
  /** Called after each interview with the share done. */
  progress?: (fraction: number, message?: string) => void;
  cancelled?: () => boolean;
  /** Wraps each chunk of interviews (e.g. in one database transaction); default: runs it as is. */
  chunk?: (run: () => Promise<void>) => Promise<void>;
  chunkSize?: number;
  /** How the surveyors work (times, planted bad surveyors); without it every answer is the respondent's own. */
  behaviour?: FieldBehaviour;
}

/** The PSU's label as fielded: district code, C (community 社区) or V (village 村), number within the district. */
export function psuLabel(city: City, cluster: number): string {
  const { pop } = city;
  const d = pop.clusterDistrict[cluster]!;
  let k = 0;
  for (
    let c = cluster - 1;
    c >= 0 && pop.clusterDistrict[c] === d && pop.clusterResidence[c] === pop.clusterResidence[cluster];
    c--
  )
    k++;
  return `${pop.districts[d]!.code}-${pop.clusterResidence[cluster] === 0 ? 'C' : 'V'}${String(k + 1).padStart(3, '0')}`;
}

async function must<T>(call: ApiCall, name: string, args: unknown): Promise<T> {
  const r = await call(name, args);
  if (!r.ok) throw Object.assign(new Error(`${name}: ${r.error.message}`), { code: r.error.code, userFacing: true });
  return r.result as T;
}

/** Writes every respondent of `sample` as a final interview; returns the interview ids in sample order. */
export async function fieldSample(
  call: ApiCall,
  city: City,
  form: Form,
  sample: SurveySample,
  seed: number,
  options: FieldingOptions = {},
): Promise<string[]> {
  const runtime = new FormRuntime(form);
  const fields = allFields(form).filter((f) => f.type !== 'note');
  const rng = new Rng(seed, 3);
  const ids: string[] = [];
  const chunk = options.chunk ?? ((run) => run());
  const size = options.chunkSize ?? 250;
  for (let from = 0; from < sample.n; from += size) {
    if (options.cancelled?.()) throw Object.assign(new Error('cancelled'), { code: 'cancelled', userFacing: true });
    await chunk(async () => {
      for (let j = from; j < Math.min(sample.n, from + size); j++) {
        const i = sample.person[j]!;
        const psu = psuLabel(city, sample.psu[j]!);
        const household = sample.household[j]! - city.pop.clusterFirstHousehold[sample.psu[j]!]!;
        const started = await must<{ interview_id: string }>(call, 'interview/start', {
          formId: form.formId,
          formVersion: form.version,
          surveyor: sample.surveyor[j],
          device: sample.device[j],
          regionCode: city.pop.districts[sample.district[j]!]!.code,
          stratum: sample.strata[sample.stratum[j]!]!.label,
          psu,
          household: `${psu}-H${String(household + 1).padStart(3, '0')}`,
          designWeight: sample.designWeight[j],
        });
        const own = personAnswers(city, i);
        const answers = options.behaviour ? options.behaviour.recorded(j, own) : own;
        Object.assign(answers, runtime.calculate(answers));
        for (const f of fields) {
          const value = answers[f.name];
          if (value === undefined || value === null) continue;
          await must(call, 'interview/saveAnswer', {
            interviewId: started.interview_id,
            field: f.name,
            value,
            durationMs:
              f.type === 'calculate'
                ? null
                : options.behaviour
                  ? options.behaviour.durationMs(j, f.name)
                  : 2000 + rng.int(18000),
            currentField: f.name,
          });
        }
        await must(call, 'interview/finalize', { interviewId: started.interview_id });
        ids.push(started.interview_id);
      }
    });
    options.progress?.(Math.min(sample.n, from + size) / sample.n, `${Math.min(sample.n, from + size)} interviews`);
  }
  return ids;
}

/**
 * Runs each chunk of API calls in one database transaction. The interview operations are synchronous
 * underneath and open their own transactions, which nest as savepoints; without the outer transaction every
 * answer would wait for its own fsync (synchronous=FULL), which is right for a surveyor and far too slow for
 * thousands of simulated interviews. A failing chunk rolls back whole.
 */
export function transactionChunks(db: { exec(sql: string): void }): (run: () => Promise<void>) => Promise<void> {
  return async (run) => {
    db.exec('BEGIN IMMEDIATE');
    try {
      await run();
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
  };
}

/**
 * A bulk load of interviews through the API: `chunk` runs each chunk in one transaction (as transactionChunks)
 * and `db` is the same connection for the operations, whose own transactions run flat inside the chunk instead
 * of as a savepoint each (one per answer: most of the cost of hundreds of thousands of answers). Any failure still
 * rolls back the whole chunk, so nothing half-written is ever committed. Outside a chunk, transactions are as usual.
 */
export function bulkLoad(db: SqlDriver): { db: SqlDriver; chunk: (run: () => Promise<void>) => Promise<void> } {
  let inChunk = false;
  const flat: SqlDriver = {
    path: db.path,
    prepare: (sql) => db.prepare(sql),
    run: (sql, params) => db.run(sql, params),
    get: (sql, params) => db.get(sql, params),
    all: (sql, params) => db.all(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => (inChunk ? fn() : db.transaction(fn)),
    close: () => db.close(),
  };
  const outer = transactionChunks(db);
  return {
    db: flat,
    chunk: (run) =>
      outer(async () => {
        inChunk = true;
        try {
          await run();
        } finally {
          inChunk = false;
        }
      }),
  };
}
