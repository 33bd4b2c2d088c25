import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openDatabase } from '../../../db/sqlite.ts';
import { dispatch } from '../../../src/api/dispatch.ts';
import { ensureBundledForm } from '../../../src/node/bundled-form.ts';
import { schemeFromForm } from '../../../src/scoring/scheme.ts';
import { loadStoredForm } from '../../../src/scoring/stored-form.ts';
import { bulkLoad, fieldSample } from '../../../src/simulate/interviews.ts';
import { drawSample, sampleFrame } from '../../../src/simulate/survey.ts';
import { buildCity } from '../../../src/simulate/truth.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

// A statistician rakes a survey to the 2020 census margins from the command line. The weights must add up to
// the census population aged 18–69, read here straight from the census file that ships with scilit.
test('scilit weighting run rakes to census2020: weights sum to the census population aged 18–69', async () => {
  const file = join(tempDir(), 'survey.sqlite');
  const db = openDatabase(file, { create: true });
  const { formId, version } = await ensureBundledForm(db);
  const { form } = loadStoredForm(db, formId, version);
  const city = buildCity(form, schemeFromForm(form), { size: 100_000, seed: 5 });
  const sample = drawSample(sampleFrame(city.pop), { respondents: 900, seed: 5_000 });
  const load = bulkLoad(db);
  await fieldSample((name, args) => dispatch({ db: load.db }, name, args), city, form, sample, 5, {
    chunk: load.chunk,
  });
  db.close();

  expect((await runCli('import', 'targets', 'census2020', '--db', file)).code).toBe(0);
  const definition = join(tempDir(), 'rake.json');
  writeFileSync(
    definition,
    JSON.stringify({
      steps: [
        {
          step: 'rake',
          targetSet: 'census2020',
          margins: [
            ['sex', 'age_group'],
            ['residence', 'age_group'],
          ],
        },
      ],
    }),
  );
  const r = await runCli('weighting', 'run', '--db', file, '--definition', definition, '--name', 'census-rake');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/census-rake: \d+ interviews weighted/);
  expect(r.out).toMatch(/rake: .*n_kish/);

  const census = readFileSync(new URL('../../../data/census2020/age_sex_18_69.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .reduce((sum, line) => sum + Number(line.split(',')[3]), 0);
  expect(census).toBe(995_493_060);
  const check = openDatabase(file, { readonly: true });
  const total = check.get<{ s: number }>(
    "SELECT sum(w.weight) AS s FROM weights w JOIN weighting_schemes s USING (scheme_id) WHERE s.name = 'census-rake'",
  )?.s;
  check.close();
  expect(Math.abs((total ?? 0) - census) / census).toBeLessThan(1e-9);

  const usage = await runCli('weighting', 'run', '--db', file);
  expect(usage.code).toBe(2);
});
