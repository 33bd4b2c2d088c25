import type { QcSettings } from './settings.ts';
import type { QcFlag, QcForm, QcInterview } from './types.ts';

const pct = (x: number) => `${Math.round(100 * x)}%`;

/** Rushed: too short in all, or too many questions answered faster than they can be read out (SurveyCTO's rule). */
export function speeding(iv: QcInterview, s: QcSettings['speeding']): QcFlag | null {
  if (!iv.timing || iv.timing.timed === 0) return null; // no times recorded (an office file): nothing to judge
  const { totalMs, timed, fast } = iv.timing;
  const minutes = totalMs / 60_000;
  if (minutes < s.minTotalMinutes) {
    return {
      interviewId: iv.id,
      surveyor: iv.surveyor,
      check: 'speeding',
      value: minutes,
      threshold: s.minTotalMinutes,
      reason: {
        zh: `答题总用时 ${minutes.toFixed(1)} 分钟，少于 ${s.minTotalMinutes} 分钟`,
        en: `answered in ${minutes.toFixed(1)} minutes in all, under ${s.minTotalMinutes}`,
      },
    };
  }
  const share = fast / timed;
  if (share > s.maxFastShare) {
    return {
      interviewId: iv.id,
      surveyor: iv.surveyor,
      check: 'speeding',
      value: share,
      threshold: s.maxFastShare,
      reason: {
        zh: `${fast} / ${timed} 题（${pct(share)}）的用时不到读题所需时间的 ${pct(s.readingShare)}`,
        en: `${fast} of ${timed} questions (${pct(share)}) took less than ${pct(s.readingShare)} of their reading time`,
      },
    };
  }
  return null;
}

/** The least time a question can take to be read out: under it, the answer was too fast. */
export function fastUnderMs(labelLength: number, s: QcSettings['speeding']): number {
  return s.readingShare * labelLength * s.msPerCharacter;
}

/** The longest run of consecutive single-choice questions answered with the same position (1st, 2nd, …). */
export function longestSamePositionRun(iv: QcInterview, form: QcForm): { run: number; position: number } {
  let best = { run: 0, position: -1 };
  let run = 0;
  let last = -2;
  form.fields.forEach((f, k) => {
    if (f.type !== 'select_one' || !f.choices || f.choices.length < 3) return;
    const position = iv.answers[k] === '' ? -1 : f.choices.indexOf(iv.answers[k]!);
    if (position < 0) {
      run = 0;
      last = -2;
      return;
    }
    run = position === last ? run + 1 : 1;
    last = position;
    if (run > best.run) best = { run, position };
  });
  return best;
}

export function straightLining(iv: QcInterview, form: QcForm, s: QcSettings['straightLining']): QcFlag | null {
  const { run, position } = longestSamePositionRun(iv, form);
  if (run < s.minRun) return null;
  return {
    interviewId: iv.id,
    surveyor: iv.surveyor,
    check: 'straight_lining',
    value: run,
    threshold: s.minRun,
    reason: {
      zh: `连续 ${run} 道单选题都选了第 ${position + 1} 个选项`,
      en: `${run} single-choice questions in a row answered with choice ${position + 1}`,
    },
  };
}

/** Too many 不知道 among the scored questions, or too many always-asked questions left without an answer. */
export function nonResponse(iv: QcInterview, form: QcForm, s: QcSettings['nonResponse']): QcFlag[] {
  let scored = 0;
  let dontKnow = 0;
  let asked = 0;
  let missing = 0;
  form.fields.forEach((f, k) => {
    const a = iv.answers[k]!;
    if (f.scored) {
      scored++;
      if (a !== '' && (form.dontKnow.has(a) || (a.includes(' ') && a.split(' ').every((c) => form.dontKnow.has(c)))))
        dontKnow++;
    }
    if (f.alwaysAsked) {
      asked++;
      if (a === '') missing++;
    }
  });
  const out: QcFlag[] = [];
  if (scored > 0 && dontKnow / scored > s.maxDontKnowShare) {
    out.push({
      interviewId: iv.id,
      surveyor: iv.surveyor,
      check: 'dont_know',
      value: dontKnow / scored,
      threshold: s.maxDontKnowShare,
      reason: {
        zh: `${dontKnow} / ${scored} 道计分题答“不知道”（${pct(dontKnow / scored)}）`,
        en: `${dontKnow} of ${scored} scored questions answered "don't know" (${pct(dontKnow / scored)})`,
      },
    });
  }
  if (asked > 0 && missing / asked > s.maxMissingShare) {
    out.push({
      interviewId: iv.id,
      surveyor: iv.surveyor,
      check: 'missing',
      value: missing / asked,
      threshold: s.maxMissingShare,
      reason: {
        zh: `${missing} / ${asked} 道必问题没有回答（${pct(missing / asked)}）`,
        en: `${missing} of ${asked} always-asked questions have no answer (${pct(missing / asked)})`,
      },
    });
  }
  return out;
}
