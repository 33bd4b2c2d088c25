import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../../db/sqlite.ts';
import { type DemoEstimate, demoEstimates, weightDemoSurvey } from '../../analysis/demo-city.ts';
import { estimateLiteracy } from '../../analysis/estimate-literacy.ts';
import { type QualityReport, qualityControl } from '../../analysis/quality-control.ts';
import { dispatch } from '../../api/dispatch.ts';
import { exportReport } from '../../interchange/report/index.ts';
import { ensureCensusTargets } from '../../interchange/targets/census.ts';
import { listScores, rescoreInterviews } from '../../scoring/index.ts';
import { schemeFromForm } from '../../scoring/scheme.ts';
import { loadStoredForm } from '../../scoring/stored-form.ts';
import { cityMargins } from '../../simulate/analysis.ts';
import { CITY_NAME } from '../../simulate/city.ts';
import { fieldBehaviour } from '../../simulate/field-behaviour.ts';
import { bulkLoad, fieldSample } from '../../simulate/interviews.ts';
import { drawSample, sampleFrame } from '../../simulate/survey.ts';
import { buildCity, trueRatios } from '../../simulate/truth.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { finalInterviewsOf } from '../../store/quality.ts';
import { placeSimulatedTimes } from '../../store/simulated-times.ts';
import { ensureBundledForm } from '../bundled-form.ts';
import { type Command, optionalString, UsageError } from '../command.ts';

function positiveInt(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

const pct = (x: number) => (100 * x).toFixed(1);

export const demoCommands: Command[] = [
  {
    name: 'demo',
    summary: 'survey a synthetic city of 2 million adults end to end: interviews, scores, weights, estimates vs truth',
    usage: '[--dir DIR] [--respondents N] [--seed S]',
    options: {
      dir: { type: 'string' },
      respondents: { type: 'string' },
      seed: { type: 'string' },
      /** Adults in the city (default 2,000,000); smaller for quick checks. */
      population: { type: 'string' },
    },
    async run(ctx) {
      const t0 = performance.now();
      const lap = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
      const dir = resolve(optionalString(ctx, 'dir') ?? 'demo');
      const respondents = positiveInt(optionalString(ctx, 'respondents'), 'respondents', 5000, 50);
      const seed = positiveInt(optionalString(ctx, 'seed'), 'seed', 2020, 0);
      const size = positiveInt(optionalString(ctx, 'population'), 'population', 2_000_000, 10_000);

      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'demo.sqlite');
      if (existsSync(file)) {
        // The demo's own database: rebuilt on every run.
        for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
        ctx.out(`replacing ${file}`);
      }
      const db = openDatabase(file, { create: true });
      try {
        const { formId, version } = await ensureBundledForm(db);
        const { form } = loadStoredForm(db, formId, version);
        // The census margins, stored so that the app can weight the demo data itself.
        ensureCensusTargets(db);
        const scheme = schemeFromForm(form);

        const city = buildCity(form, scheme, { size, seed });
        const truth = new Map(trueRatios(city).map((t) => [t.domain, t]));
        ctx.out(
          `${CITY_NAME.en}: ${size.toLocaleString('en')} adults aged 18–69 in ${city.pop.districts.length} districts, ` +
            `${city.pop.clusterCount.toLocaleString('en')} communities and villages; ` +
            `${pct(truth.get('overall')!.ratio)} % are scientifically literate (seed ${seed}) [${lap()}]`,
        );

        const frame = sampleFrame(city.pop);
        const sample = drawSample(frame, { respondents, seed: seed * 1000 });
        ctx.out(
          `sample: ${sample.psusPerStratum.reduce((a, b) => a + b, 0)} communities/villages in ${sample.strata.length} strata ` +
            `(urban and rural parts of ${city.pop.districts.length} districts), ` +
            `${sample.householdsSelected.toLocaleString('en')} households, ${sample.n.toLocaleString('en')} interviews ` +
            `(${sample.nonRespondents.toLocaleString('en')} selected adults did not respond)`,
        );

        const load = bulkLoad(db);
        const behaviour = fieldBehaviour(form, sample, seed);
        const ids = await fieldSample((name, args) => dispatch({ db: load.db }, name, args), city, form, sample, seed, {
          chunk: load.chunk,
          behaviour,
        });
        placeSimulatedTimes(
          db,
          ids.map((interviewId, j) => ({ interviewId, ...behaviour.times(j) })),
        );
        ctx.out(`stored ${ids.length.toLocaleString('en')} interviews in ${file} through the interview API [${lap()}]`);

        const scored = rescoreInterviews(db, { formId });
        const schemeId = scored.forms[0]?.schemeId ?? scheme.id;
        const literateById = new Map(listScores(db, schemeId).map((s) => [s.interviewId, s.literate ? 1 : 0]));
        const y = Float64Array.from(ids, (id) => literateById.get(id) ?? Number.NaN);
        const planted = new Set(Object.values(behaviour.planted) as string[]);
        let disagree = 0;
        for (let j = 0; j < sample.n; j++) {
          if (!planted.has(sample.surveyor[j]!) && y[j] !== city.literate[sample.person[j]!]) disagree++;
        }
        ctx.out(
          `scored ${scored.scored.toLocaleString('en')} interviews (${scheme.id}): ${scored.literate.toLocaleString('en')} literate; ` +
            `${disagree === 0 ? 'every stored score of an honest surveyor agrees with the simulation' : `${disagree} stored scores DISAGREE with the simulation`} [${lap()}]`,
        );

        // The supervisor's evening check: the flagged surveyors' interviews are rejected (and so left out of the
        // estimates), as a field manager would have them redone.
        const qc = qualityControl(db, { formId });
        const rejected = await rejectFlaggedSurveyors(db, qc);
        printQualityControl(ctx.out, qc, behaviour.planted, rejected);

        // The analysis a statistician would run in the app: the design weights stored at interview start,
        // raked to the city's margins stored as a target set, estimates from the stored scores and weights.
        const weighting = weightDemoSurvey(db, cityMargins(city), formId);
        ctx.out(
          `raked the design weights of ${weighting.interviews.toLocaleString('en')} interviews to the city's margins ` +
            `(scheme "${weighting.name}", ${weighting.converged ? 'converged' : 'NOT converged'}) [${lap()}]`,
        );
        const districts = city.pop.districts.map((d) => d.code);
        const estimates = demoEstimates(db, { weightingSchemeId: weighting.schemeId, districts, formId });
        const unweighted = estimateLiteracy(db, { formId, lonelyPsu: 'adjust' }).estimates[0]!.estimate;
        printTable(ctx.out, estimates, unweighted, truth, city.groups);
        ctx.out('');
        // The document a science association hands to its leaders, from the same stored estimates.
        const report = await exportReport(db, { weightingScheme: weighting.schemeId, formId, lonelyPsu: 'adjust' });
        const reportFile = join(dir, 'report.xlsx');
        writeFileSync(reportFile, report.bytes);
        ctx.out(`report: ${reportFile} (Excel, 8 sheets, Chinese; \`scilit report --lang en\` for English) [${lap()}]`);
        ctx.out(`done in ${lap()}`);
        return disagree === 0 ? 0 : 1;
      } finally {
        db.close();
      }
    },
  },
];

function printTable(
  out: (line: string) => void,
  raked: DemoEstimate[],
  unweighted: number,
  truth: Map<string, { ratio: number }>,
  groups: readonly string[],
): void {
  const rows = [
    ['group', 'n', 'estimate %', '95 % interval (logit)', 'true %', 'covered?'],
    ...raked.map((e) => {
      const t = truth.get(e.domain)!.ratio;
      // A domain met in too few PSUs has no design degrees of freedom, hence no interval (as in R).
      const hasInterval = Number.isFinite(e.logit[0]) && Number.isFinite(e.logit[1]);
      const covered = e.logit[0] <= t && t <= e.logit[1];
      return [
        e.domain.replace('district:', 'district '),
        String(e.n),
        pct(e.estimate),
        hasInterval ? `${pct(e.logit[0])} – ${pct(e.logit[1])}` : `none (df ${e.df})`,
        pct(t),
        hasInterval ? (covered ? 'yes' : 'NO') : '–',
      ];
    }),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  out('');
  out(
    "Literate ratio, design weights raked to the city's margins (sex × age group, urban/rural); truth counted over the whole city:",
  );
  rows.forEach((r, k) => {
    out(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    if (k === 0 || k === groups.length + 1) out(widths.map((w) => '-'.repeat(w)).join('  '));
  });
  const overall = truth.get('overall')!.ratio;
  out(
    `Unweighted, the same interviews say ${pct(unweighted)} % (truth ${pct(overall)} %): ` +
      'young town dwellers answer least often, and weighting puts them back.',
  );
}

/** What the supervisor's screen shows after fieldwork: the surveyors the checks flag, and whether they are the planted ones. */
function printQualityControl(
  out: (line: string) => void,
  qc: QualityReport,
  planted: Partial<Record<string, string>>,
  rejected: number,
): void {
  const flagged = qc.surveyors.surveyors.filter((s) => s.reasons.length > 0);
  out('');
  out(
    `quality control (scilit qc): ${qc.flaggedInterviews.toLocaleString('en')} of ${qc.interviews.toLocaleString('en')} ` +
      `interviews carry a flag; ${flagged.length} surveyor(s) stand out:`,
  );
  for (const s of flagged) out(`  ${s.surveyor}: ${s.reasons.map((r) => r.reason.en).join('; ')}`);
  const plantedNames = new Set(Object.values(planted) as string[]);
  const found = flagged.filter((s) => plantedNames.has(s.surveyor)).length;
  const wrong = flagged.length - found;
  out(
    `  planted: ${Object.entries(planted)
      .map(([how, who]) => `${who} (${how.replace('_', '-')})`)
      .join(', ')}; found ${found} of ${plantedNames.size}, ${wrong} honest surveyor(s) flagged`,
  );
  out(
    `  the supervisor rejects the flagged surveyors' ${rejected.toLocaleString('en')} interviews: they leave the estimates`,
  );
}

/** Rejects (and so voids) every final interview of each surveyor the checks flag, with the reasons as comment. */
async function rejectFlaggedSurveyors(db: SqlDriver, qc: QualityReport): Promise<number> {
  const flagged = new Map(
    qc.surveyors.surveyors.filter((s) => s.reasons.length > 0).map((s) => [s.surveyor, s.reasons]),
  );
  let n = 0;
  for (const id of finalInterviewsOf(db, [...flagged.keys()])) {
    const reasons = flagged.get(id.surveyor)!;
    const r = await dispatch({ db }, 'interview/review', {
      interviewId: id.interviewId,
      state: 'rejected',
      comment: `质量控制：${reasons.map((x) => x.reason.zh).join('；')}`,
      reviewer: '督导（演示）',
    });
    if (!r.ok) throw Object.assign(new Error(r.error.message), { userFacing: true });
    n++;
  }
  return n;
}
