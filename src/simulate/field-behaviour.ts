/**
 * How the synthetic city's surveyors work: fieldwork days, the time each question takes, and three surveyors who
 * work badly — a speeder (rushes through every question), a straight-liner (ticks the first choice without asking)
 * and a fabricator (fills in questionnaires at home from one made-up respondent, many in one evening) — so that the
 * quality checks (src/quality/) have something real to find. Everyone else asks every question honestly.
 */
import { allFields, type Form } from '../form/model.ts';
import { Rng } from './random.ts';
import type { SurveySample } from './survey.ts';

export type SurveyorConduct = 'honest' | 'speeder' | 'straight_liner' | 'fabricator';

export interface FieldBehaviour {
  /** The surveyors who work badly, by conduct (none where the sample is too small to plant them). */
  planted: Partial<Record<Exclude<SurveyorConduct, 'honest'>, string>>;
  /** Milliseconds the surveyor spends on `field` in the j-th interview of the sample. */
  durationMs(j: number, field: string): number;
  /** The answers the surveyor records for the j-th interview, given the respondent's own. */
  recorded(j: number, answers: Record<string, string | null>): Record<string, string | null>;
  /** When the j-th interview started and ended (ISO, UTC), on the fieldwork days. */
  times(j: number): { startedAt: string; finalizedAt: string };
}

/** Fieldwork starts on this Monday (local time UTC+8); surveyors work Monday to Saturday. */
const FIRST_DAY = Date.UTC(2026, 9, 12);
const LOCAL = 8 * 3600_000;

/**
 * The surveyors' behaviour for a sample: three of them (picked with `seed` among surveyors with at least 40
 * interviews, in different districts; none in a sample too small for three) work badly, the others honestly.
 */
export function fieldBehaviour(form: Form, sample: SurveySample, seed: number): FieldBehaviour {
  const rng = new Rng(seed, 11);
  const fields = allFields(form);
  const labelChars = new Map(fields.map((f) => [f.name, [...(f.label.zh ?? Object.values(f.label)[0] ?? '')].length]));
  const byName = new Map(fields.map((f) => [f.name, f]));

  const counts = new Map<string, number>();
  for (const s of sample.surveyor) counts.set(s, (counts.get(s) ?? 0) + 1);
  const candidates = [...counts].filter(([, n]) => n >= 40).map(([s]) => s);
  const chosen: string[] = [];
  while (chosen.length < 3 && candidates.length) {
    const s = candidates.splice(rng.int(candidates.length), 1)[0]!;
    const district = s.split('-')[0];
    if (!chosen.some((c) => c.split('-')[0] === district)) chosen.push(s);
  }
  // All three or none: a sample too small to hide three bad surveyors among honest ones plants none.
  const [speeder, straightLiner, fabricator] = chosen.length === 3 ? chosen : [];
  const conduct = (j: number): SurveyorConduct => {
    const s = sample.surveyor[j];
    return s === speeder
      ? 'speeder'
      : s === straightLiner
        ? 'straight_liner'
        : s === fabricator
          ? 'fabricator'
          : 'honest';
  };

  // Each interview's place in its surveyor's day: honest surveyors do 6 a day from 9:00, an hour apart (with the
  // walk to the next household); the fabricator "does" 20 an evening from 19:00, ten minutes apart.
  const nth = new Map<string, number>();
  const slots = Array.from(sample.surveyor, (s) => {
    const k = nth.get(s) ?? 0;
    nth.set(s, k + 1);
    return k;
  });
  const jitter = Array.from(sample.surveyor, () => rng.uniform());
  const durations = new Map<number, Map<string, number>>();
  const durationOf = (j: number): Map<string, number> => {
    let d = durations.get(j);
    if (d) return d;
    const r = new Rng(seed * 7919 + j, 12);
    d = new Map();
    for (const f of fields) {
      if (f.type === 'calculate' || f.type === 'note') continue;
      const chars = labelChars.get(f.name) ?? 10;
      // Read aloud at about 3 characters a second, then the respondent thinks and answers.
      const honest = chars * (280 + 170 * r.uniform()) + 4000 + 14000 * r.uniform();
      d.set(f.name, Math.round(conduct(j) === 'speeder' ? 800 + 1600 * r.uniform() : honest));
    }
    durations.set(j, d);
    return d;
  };

  let template: Record<string, string | null> | undefined;
  return {
    planted: Object.fromEntries(
      Object.entries({ speeder, straight_liner: straightLiner, fabricator }).filter(([, who]) => who !== undefined),
    ),
    durationMs: (j, field) => durationOf(j).get(field) ?? 0,
    recorded(j, answers) {
      const c = conduct(j);
      if (c === 'straight_liner') {
        // Background questions asked; every scored single choice ticked at the first option.
        const out = { ...answers };
        for (const f of fields) {
          if (f.scoring && f.type === 'select_one' && f.listName)
            out[f.name] = form.choices[f.listName]?.[0]?.name ?? null;
        }
        return out;
      }
      if (c === 'fabricator') {
        // One made-up respondent, copied with a change or two in the scored answers.
        template ??= { ...answers };
        const out = { ...template };
        const r = new Rng(seed * 104729 + j, 13);
        const scored = fields.filter((f) => f.scoring && f.type === 'select_one' && f.listName);
        for (let k = r.int(3); k > 0; k--) {
          const f = scored[r.int(scored.length)]!;
          const list = form.choices[f.listName!] ?? [];
          out[f.name] = list[r.int(list.length)]?.name ?? out[f.name]!;
        }
        // The background questions still differ (the fabricator knows who lives where), the answers do not.
        for (const name of ['sex', 'age', 'residence', 'region']) if (byName.has(name)) out[name] = answers[name]!;
        return out;
      }
      return answers;
    },
    times(j) {
      const k = slots[j]!;
      const fabricating = conduct(j) === 'fabricator';
      const perDay = fabricating ? 20 : 6;
      const workday = Math.floor(k / perDay);
      const day = workday + Math.floor(workday / 6); // Sundays off
      const minutes = fabricating
        ? 19 * 60 + (k % perDay) * 10
        : 9 * 60 + (k % perDay) * 75 + Math.round(20 * jitter[j]!);
      const start = FIRST_DAY + day * 86_400_000 + minutes * 60_000 - LOCAL;
      let total = 0;
      for (const ms of durationOf(j).values()) total += ms;
      // Greeting, consent and the household roster take a few minutes more than the questions themselves.
      const end = start + total + 4 * 60_000;
      return { startedAt: new Date(start).toISOString(), finalizedAt: new Date(end).toISOString() };
    },
  };
}
