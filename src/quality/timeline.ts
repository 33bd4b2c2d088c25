import { getOrAdd } from '../util/maps.ts';
import type { QcSettings } from './settings.ts';
import type { QcFlag, QcInterview } from './types.ts';

/** The local date (YYYY-MM-DD), hour and weekday (0 = Sunday) of a UTC time, at the survey's offset. */
export function localTime(iso: string, utcOffsetMinutes: number): { date: string; hour: number; weekday: number } {
  const t = new Date(Date.parse(iso) + utcOffsetMinutes * 60_000);
  return { date: t.toISOString().slice(0, 10), hour: t.getUTCHours(), weekday: t.getUTCDay() };
}

/** Interviews timed on a laptop (an office file's times are when it was typed in, not when the respondent answered). */
const timed = (iv: QcInterview) => iv.source !== 'import';

/** Started outside working hours, local time. */
export function outOfHours(iv: QcInterview, s: QcSettings['hours']): QcFlag | null {
  if (!timed(iv)) return null;
  const { hour } = localTime(iv.startedAt, s.utcOffsetMinutes);
  if (hour >= s.earliest && hour < s.latest) return null;
  return {
    interviewId: iv.id,
    surveyor: iv.surveyor,
    check: 'out_of_hours',
    value: hour,
    reason: {
      zh: `开始于当地时间 ${hour} 点，不在 ${s.earliest}–${s.latest} 点的访问时段内`,
      en: `started at ${hour}:00 local time, outside ${s.earliest}:00–${s.latest}:00`,
    },
  };
}

/**
 * Per surveyor, in order of start: interviews that overlap the surveyor's previous one (started before it was
 * finalized: one person cannot hold two interviews at once), and days with more interviews than one person can do.
 */
export function surveyorTimeline(interviews: readonly QcInterview[], s: QcSettings['hours']): QcFlag[] {
  const bySurveyor = new Map<string, QcInterview[]>();
  for (const iv of interviews) {
    if (!iv.surveyor || !timed(iv)) continue;
    getOrAdd(bySurveyor, iv.surveyor, () => []).push(iv);
  }
  const flags: QcFlag[] = [];
  for (const [surveyor, list] of bySurveyor) {
    list.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
    let previous: QcInterview | undefined;
    const perDay = new Map<string, QcInterview[]>();
    for (const iv of list) {
      if (previous?.finalizedAt && iv.startedAt < previous.finalizedAt) {
        flags.push({
          interviewId: iv.id,
          surveyor,
          check: 'overlap',
          other: previous.id,
          reason: {
            zh: `开始时同一调查员的问卷 ${previous.id} 尚未完成（${shortTime(previous.finalizedAt, s)} 才完成）`,
            en: `started before the same surveyor's interview ${previous.id} was finalized`,
          },
        });
      }
      if (!previous?.finalizedAt || (iv.finalizedAt ?? iv.startedAt) > previous.finalizedAt) previous = iv;
      const day = localTime(iv.startedAt, s.utcOffsetMinutes).date;
      getOrAdd(perDay, day, () => []).push(iv);
    }
    for (const [day, same] of perDay) {
      if (same.length <= s.maxPerDay) continue;
      for (const iv of same) {
        flags.push({
          interviewId: iv.id,
          surveyor,
          check: 'too_many_per_day',
          value: same.length,
          threshold: s.maxPerDay,
          reason: {
            zh: `调查员 ${surveyor} 在 ${day} 一天完成 ${same.length} 份问卷，超过 ${s.maxPerDay} 份`,
            en: `${surveyor} completed ${same.length} interviews on ${day}, over ${s.maxPerDay}`,
          },
        });
      }
    }
  }
  return flags;
}

function shortTime(iso: string, s: QcSettings['hours']): string {
  const t = new Date(Date.parse(iso) + s.utcOffsetMinutes * 60_000).toISOString();
  return `${t.slice(5, 10)} ${t.slice(11, 16)}`;
}

/** The same household interviewed twice (the design takes one adult per household). */
export function sameHousehold(interviews: readonly QcInterview[]): QcFlag[] {
  const byHousehold = new Map<string, QcInterview[]>();
  for (const iv of interviews) {
    if (!iv.household) continue;
    const key = `${iv.psu ?? ''}\u0001${iv.household}`;
    getOrAdd(byHousehold, key, () => []).push(iv);
  }
  const flags: QcFlag[] = [];
  for (const list of byHousehold.values()) {
    if (list.length < 2) continue;
    for (const iv of list) {
      const others = list.filter((o) => o !== iv).map((o) => o.id);
      flags.push({
        interviewId: iv.id,
        surveyor: iv.surveyor,
        check: 'same_household',
        other: others[0],
        value: list.length,
        reason: {
          zh: `同一住户（${iv.psu ?? ''} ${iv.household}）有 ${list.length} 份问卷：${others.join('、')}`,
          en: `household ${iv.household} of ${iv.psu ?? '—'} has ${list.length} interviews`,
        },
      });
    }
  }
  return flags;
}
