/**
 * bench:form — CPU to read and check a large XLSForm, as `scilit form check` does (issue 17: under 1 s for an 880 KB
 * form once start-up is fast). Without an argument it builds an ~880 KB form of the shape large survey forms have
 * (7,500 questions in two languages with relevance and constraints, a cascading select over 8,000 villages);
 * with a path it reads that file.   npm run bench:form [-- FILE.xlsx]
 */
import { readFileSync } from 'node:fs';
import { readXlsForm } from '../src/form/xlsform/read.ts';
import { workbook } from '../tests/fixtures/forms/workbook.ts';

async function largeForm(): Promise<Uint8Array> {
  const survey: (string | number)[][] = [
    [
      'type',
      'name',
      'label::English (en)',
      'label::中文 (zh)',
      'hint::English (en)',
      'relevant',
      'constraint',
      'calculation',
      'choice_filter',
    ],
    ['select_one district', 'district', 'District', '区', '', '', '', '', ''],
    ['select_one village', 'village', 'Village', '村', '', '', '', '', 'district = ${district}'],
  ];
  const choices: (string | number)[][] = [['list_name', 'name', 'label::English (en)', 'label::中文 (zh)', 'district']];
  for (let d = 0; d < 40; d++) {
    choices.push(['district', `d${d}`, `District ${d}`, `第${d}区`, '']);
    for (let v = 0; v < 200; v++)
      choices.push(['village', `v${d}_${v}`, `Village ${d}-${v}`, `第${d}区第${v}村`, `d${d}`]);
  }
  for (let k = 0; k < 10; k++) choices.push(['often', `c${k}`, `Choice ${k}`, `选项${k}`, '']);
  for (let i = 0; i < Number(process.env.QUESTIONS ?? 7500); i++) {
    const type = i % 3 === 0 ? 'integer' : i % 3 === 1 ? 'select_one often' : 'text';
    survey.push([
      type,
      `q${i}`,
      `Question ${i}: how often do you do what is described here?`,
      `第${i}题：您多久做一次这里描述的事情？`,
      'Answer as precisely as you can',
      i > 0 ? `\${q${i - 1}} != ''` : '',
      type === 'integer' ? '. >= 0 and . < 1000' : '',
      '',
      '',
    ]);
    if (i % 10 === 0)
      survey.push([
        'calculate',
        `c${i}`,
        '',
        '',
        '',
        '',
        '',
        `concat(\${q${i}}, '-', string-length(\${q${Math.max(0, i - 1)}}))`,
        '',
      ]);
  }
  return workbook({
    survey,
    choices,
    settings: [
      ['form_id', 'version'],
      ['large_form', '1'],
    ],
  });
}

const file = process.argv[2];
const bytes = file ? new Uint8Array(readFileSync(file)) : await largeForm();
for (let run = 1; run <= 3; run++) {
  const cpu = process.cpuUsage();
  const { form, issues } = await readXlsForm(bytes, file ?? 'large_form.xlsx');
  const used = process.cpuUsage(cpu);
  console.log(
    `run ${run}: ${(bytes.length / 1024).toFixed(0)} KB, ${form ? 'accepted' : `${issues.length} issues`}, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms`,
  );
}
