import { describe, expect, it } from 'vitest';
import { bundledFormSource } from '../../../src/form/bundled/civic-science-literacy.ts';
import { allFields } from '../../../src/form/model.ts';
import { FormRuntime } from '../../../src/form/runtime.ts';
import { compileScorer } from '../../../src/scoring/respondent.ts';
import { schemeFromForm } from '../../../src/scoring/scheme.ts';
import { buildCity, personAnswers, trueRatios } from '../../../src/simulate/truth.ts';

const form = bundledFormSource();
const scheme = schemeFromForm(form);
const city = buildCity(form, scheme, { size: 120_000, seed: 42 });
const truth = new Map(trueRatios(city).map((t) => [t.domain, t.ratio]));

describe("the synthetic city's answers and its true literacy", () => {
  it('scores every simulated adult as the scoring engine scores their answers', () => {
    // The city's truth comes from a fast path; the scoring engine (src/scoring) is the outside check.
    const scorer = compileScorer(form, scheme);
    let literate = 0;
    for (let i = 0; i < city.pop.size; i += 37) {
      const s = scorer.score(personAnswers(city, i));
      if (s.literate !== (city.literate[i] === 1))
        throw new Error(`person ${i}: engine ${s.literate}, city ${city.literate[i]}`);
      if (s.literate) literate++;
    }
    expect(literate).toBeGreaterThan(100);
  });

  it('gives answers the questionnaire accepts (required, choices, constraints, the region code)', () => {
    const runtime = new FormRuntime(form);
    const fields = allFields(form).filter((f) => f.type !== 'note' && f.type !== 'calculate');
    for (let i = 0; i < city.pop.size; i += 401) {
      const answers = personAnswers(city, i);
      for (const f of fields) {
        const problem = runtime.validateAnswer(f.name, answers[f.name] ?? null, answers);
        if (problem) throw new Error(`person ${i}, ${f.name} = ${answers[f.name]}: ${problem.message.en}`);
      }
      expect(runtime.calculate(answers).age_group).toBe(answers.age_group);
    }
  });

  it('has about 15 % literate overall, as the national 2025 target', () => {
    expect(truth.get('overall')).toBeGreaterThan(0.12);
    expect(truth.get('overall')).toBeLessThan(0.18);
  });

  it('orders the key populations as designed: officials and youth above, workers, elderly and farmers below', () => {
    const t = (g: string) => truth.get(g)!;
    expect(t('official')).toBeGreaterThan(t('youth'));
    expect(t('youth')).toBeGreaterThan(t('overall') + 0.05);
    expect(t('worker')).toBeLessThan(t('overall'));
    expect(t('elderly')).toBeLessThan(t('worker'));
    expect(t('farmer')).toBeLessThan(t('worker'));
    expect(t('farmer')).toBeGreaterThan(0.01); // rare, but estimable
    expect(t('district:990105')).toBeGreaterThan(t('district:990124')); // the tech district above the mountain county
  });

  it('makes "don\'t know" common on hard items and rare on easy ones', () => {
    const items = city.bank.items;
    const hardest = items.reduce((a, b) => (b.difficulty > a.difficulty ? b : a));
    const easiest = items.reduce((a, b) => (b.difficulty < a.difficulty ? b : a));
    let hard = 0;
    let easy = 0;
    let n = 0;
    for (let i = 0; i < city.pop.size; i += 53) {
      const a = personAnswers(city, i);
      n++;
      if (a[hardest.field] === 'dont_know') hard++;
      if (a[easiest.field] === 'dont_know') easy++;
    }
    expect(hard / n).toBeGreaterThan(0.2);
    expect(easy / n).toBeLessThan(hard / n / 2);
  });

  it('is the same city for the same seed', () => {
    const again = buildCity(form, scheme, { size: 120_000, seed: 42 });
    expect(Buffer.from(again.literate).equals(Buffer.from(city.literate))).toBe(true);
    expect(again.bank.shift).toBe(city.bank.shift);
  });
});
