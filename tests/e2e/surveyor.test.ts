import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Field, Form } from '../../src/form/model.ts';
import { allFields } from '../../src/form/model.ts';
import { type App, openApp, waitForScreen } from './harness.ts';

/**
 * Story 1: a surveyor completes the bundled questionnaire with the keyboard alone; the page is reloaded half-way
 * and the interview resumes where it stopped with no answer lost; the finalized interview's score is the one
 * computed by hand below from the answers chosen and the form's keys.
 */

type Outcome = 'correct' | 'wrong' | 'dont_know';
/** What the surveyor answers to the n-th test item, cycling: mostly right, some wrong, some "don't know". */
const PATTERN: Outcome[] = ['correct', 'correct', 'wrong', 'correct', 'dont_know', 'correct', 'correct', 'wrong'];

const DEMOGRAPHICS: Record<string, string> = {
  residence: 'urban',
  sex: 'female',
  age: '45',
  education: 'senior',
  occupation: 'other',
  occupation_other: 'freelance translator',
};

/** The choice names the surveyor picks for a test item, from the form's key (the form's own data). */
function pick(form: Form, field: Field, outcome: Outcome): string[] {
  const choices = form.choices[field.listName ?? '']?.map((c) => c.name) ?? [];
  const key = field.scoring?.key ?? [];
  if (outcome === 'correct') return [...key];
  if (outcome === 'dont_know') return ['dont_know'];
  const wrong = choices.find((c) => !key.includes(c) && c !== 'dont_know');
  if (!wrong) throw new Error(`${field.name} has no wrong choice`);
  return [wrong];
}

let app: App;
beforeAll(async () => {
  app = await openApp('1-surveyor', { bundledForm: true });
});
afterAll(async () => {
  await app?.close();
});

describe('a surveyor interviews with the keyboard alone', () => {
  test('completes, survives a reload half-way, finalizes with the right score', async () => {
    const { page } = app;
    const form = await app.api<Form>('form/get', { formId: 'civic_science_literacy', version: '2025.1' });
    const items = allFields(form).filter((f) => f.scoring);
    expect(items.length).toBeGreaterThan(20);

    // The planned answers and, by hand, the score they earn: the points of every item answered exactly with its key.
    const planned: Record<string, string> = { ...DEMOGRAPHICS };
    let expectedTotal = 0;
    const byDimension: Record<string, number> = {};
    items.forEach((f, i) => {
      const outcome = PATTERN[i % PATTERN.length] as Outcome;
      planned[f.name] = pick(form, f, outcome).join(' ');
      const points = outcome === 'correct' ? (f.scoring?.points ?? 0) : 0;
      expectedTotal += points;
      byDimension[f.scoring?.dimension ?? ''] = (byDimension[f.scoring?.dimension ?? ''] ?? 0) + points;
    });
    const maxTotal = items.reduce((s, f) => s + (f.scoring?.points ?? 0), 0);
    expect(maxTotal).toBe(100);

    await page.waitForSelector('[data-screen="home"]');
    await app.shot('home');

    // First use on this laptop: surveyor code and device name.
    await page.goto(`${new URL(app.server.url).origin}/#/interview`);
    await page.waitForSelector('[data-screen="surveyor-setup"]');
    await app.shot('surveyor-setup');
    await page.keyboard.type('S07');
    await page.keyboard.press('Tab');
    await page.keyboard.type('laptop-minhang-2');
    await page.keyboard.press('Enter');

    // Start an interview: district, PSU and household (the questionnaire is preselected).
    await page.waitForSelector('[data-screen="interview-start"]');
    await app.shot('start');
    await page.keyboard.type('310112');
    await page.keyboard.press('Tab');
    await page.keyboard.type('PSU-031');
    await page.keyboard.press('Tab');
    await page.keyboard.type('H-0458');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-screen="interview-run"]');
    const interviewId = (await page.getAttribute('[data-screen="interview-run"]', 'data-interview')) as string;
    expect(interviewId).toMatch(/^[0-9a-f-]{36}$/);

    const fields = new Map(allFields(form).map((f) => [f.name, f]));
    const answered: string[] = [];
    let reloaded = false;
    const shotsTaken = new Set<string>();
    const currentPage = () => page.getAttribute('[data-page]', 'data-page');

    for (let guard = 0; guard < 80; guard++) {
      const key = (await currentPage()) as string;
      if (key === '__end__') break;
      const onScreen = await page.$$eval('[data-field]', (els) =>
        els.map((e) => e.getAttribute('data-field') as string),
      );
      for (const name of onScreen) {
        const field = fields.get(name) as Field;
        const want = planned[name];
        if (field.type === 'note') continue;
        if (name === 'age') {
          // A constraint with its message: 17 is below the survey's age range.
          await page.keyboard.type('17');
          await page.keyboard.press('Enter');
          await page.waitForSelector('[data-field="age"] [role="alert"]');
          const message = await page.textContent('[data-field="age"] [role="alert"]');
          expect(message).toBe(field.constraintMessage?.zh);
          await app.shot('constraint-message');
          await page.keyboard.press('Control+A');
          await page.keyboard.type(want as string);
        } else if (field.type === 'select_one' || field.type === 'select_multiple') {
          const choices = form.choices[field.listName ?? '']?.map((c) => c.name) ?? [];
          for (const choice of (want as string).split(' ')) {
            const n = choices.indexOf(choice) + 1;
            expect(n, `${name}: ${choice}`).toBeGreaterThan(0);
            expect(n).toBeLessThanOrEqual(9);
            await page.keyboard.press(String(n));
            await page.waitForSelector(`[data-field="${name}"] [data-choice="${choice}"][aria-checked="true"]`);
          }
        } else if (want !== undefined) {
          // Text questions: `region` comes prefilled from the start screen and is kept.
          await page.keyboard.type(want);
        }
        if (want !== undefined) answered.push(name);
      }
      const kind = fields.get(onScreen[0] as string)?.type ?? 'note';
      const tag = onScreen[0] === 'occupation_other' ? 'skip-logic-shown' : `${kind}`;
      if (!shotsTaken.has(tag)) {
        shotsTaken.add(tag);
        await app.shot(`question-${tag}`);
      }
      await page.keyboard.press('Enter');
      await waitForScreen(page, key);

      // Half-way: the browser is reloaded; the draft must open exactly where it stopped, nothing lost.
      if (!reloaded && answered.length >= 20) {
        reloaded = true;
        const before = (await currentPage()) as string;
        const stored = await app.api<{ answers: Record<string, string | null> }>('interview/get', { interviewId });
        await page.reload();
        await page.waitForSelector('[data-screen="interview-run"] [data-page]');
        expect(await currentPage()).toBe(before);
        await app.shot('resumed-after-reload');
        for (const name of answered) expect(stored.answers[name], name).toBe(planned[name]);
        // The previous screen still shows its answer.
        await page.keyboard.press('Backspace');
        await waitForScreen(page, before);
        const last = answered[answered.length - 1] as string;
        for (const choice of (planned[last] as string).split(' ')) {
          expect(await page.getAttribute(`[data-field="${last}"] [data-choice="${choice}"]`, 'aria-checked')).toBe(
            'true',
          );
        }
        await page.keyboard.press('Enter');
        await waitForScreen(page, before, true);
      }
    }
    expect(reloaded).toBe(true);
    expect(await currentPage()).toBe('__end__');
    await app.shot('all-answered');

    // Finalize with Enter: the score shown is the hand-computed one.
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="score-total"]');
    expect(Number(await page.textContent('[data-testid="score-total"]'))).toBe(expectedTotal);
    for (const [dimension, points] of Object.entries(byDimension)) {
      expect(Number(await page.textContent(`[data-dimension="${dimension}"]`)), dimension).toBe(points);
    }
    const level =
      expectedTotal >= 85 ? 'advanced' : expectedTotal >= 70 ? 'literate' : expectedTotal >= 55 ? 'basic' : 'low';
    expect(await page.getAttribute('[data-testid="score-level"]', 'data-level')).toBe(level);
    await app.shot('finalized');

    // Every answer is stored as given, the calculated age band too, and the interview is final.
    const stored = await app.api<{
      interview: { status: string; surveyor: string; device: string; household: string };
      answers: Record<string, string | null>;
    }>('interview/get', { interviewId });
    expect(stored.interview.status).toBe('final');
    expect(stored.interview.surveyor).toBe('S07');
    expect(stored.interview.device).toBe('laptop-minhang-2');
    expect(stored.interview.household).toBe('H-0458');
    for (const [name, value] of Object.entries(planned)) expect(stored.answers[name], name).toBe(value);
    expect(stored.answers.region).toBe('310112');
    expect(stored.answers.age_group).toBe('45-49');

    // The scoring engine on the server agrees: one interview, its score on the 0–100 scale.
    await app.api('score/run', {});
    const summary = await app.api<{ n: number; meanPercent: number; levels: { level: string; n: number }[] }>(
      'score/summary',
      {},
    );
    expect(summary.n).toBe(1);
    expect(summary.meanPercent).toBeCloseTo(expectedTotal, 9);
    expect(summary.levels.find((l) => l.level === level)?.n).toBe(1);

    // The same screen in English.
    await page.getByText('English', { exact: true }).click();
    await page.waitForSelector('text=Interview finalized');
    await app.shot('finalized-english');
  });
});
