/**
 * The bundled questionnaire, 公民科学素质调查问卷（示范版）, as readable source. scripts/build-bundled-form.ts
 * writes it to forms/civic-science-literacy.xlsx (the file the app ships); a test checks the two agree.
 * Vocabulary (field, choice and group names) is shared with scoring, weighting and import: see notes/common.md.
 */
import type { Choice, Field, Form, Group, LevelRule, PopulationGroup } from '../model.ts';
import { buildItems } from './items.ts';

export const BUNDLED_FORM_ID = 'civic_science_literacy';
export const BUNDLED_FORM_VERSION = '2025.1';

const c = (name: string, zh: string, en: string): Choice => ({ name, label: { zh, en } });

const DEMOGRAPHIC_LISTS: Record<string, Choice[]> = {
  sex: [c('male', '男', 'Male'), c('female', '女', 'Female')],
  residence: [c('urban', '城镇', 'Urban'), c('rural', '农村', 'Rural')],
  education: [
    c('none', '未上过学', 'Never attended school'),
    c('primary', '小学', 'Primary school'),
    c('junior', '初中', 'Junior secondary school'),
    c('senior', '高中/中专/技校', 'Senior secondary / vocational school'),
    c('college', '大学专科', 'Junior college'),
    c('university', '大学本科及以上', "Bachelor's degree or higher"),
  ],
  occupation: [
    c('farmer', '农林牧渔业生产人员', 'Agriculture, forestry, animal husbandry or fishery'),
    c('worker', '生产制造、建筑、运输等人员', 'Production, manufacturing, construction, transport and related work'),
    c('official', '党政机关、公务员和干部', 'Party and government organs, civil servants and cadres'),
    c('student', '学生', 'Student'),
    c('professional', '专业技术人员', 'Professional or technical work'),
    c('service', '商业、服务业人员', 'Commerce and services'),
    c('retired', '离退休人员', 'Retired'),
    c('unemployed', '无业/失业人员', 'Not working / unemployed'),
    c('other', '其他', 'Other'),
  ],
};

const f = (x: Omit<Field, 'kind'>): Field => ({ kind: 'field', ...x });
const REQUIRED = { zh: '此题必须回答。', en: 'This question requires an answer.' };

const DEMOGRAPHICS: Group = {
  kind: 'group',
  name: 'demographics',
  label: { zh: '第一部分　基本情况', en: 'Part 1. About you' },
  children: [
    f({
      name: 'region',
      type: 'text',
      label: {
        zh: '调查地所在区（县）代码（调查员填写）',
        en: 'District (county) code of the interview place (surveyor fills in)',
      },
      hint: { zh: '6位行政区划代码，如 310105。', en: 'The 6-digit administrative division code, e.g. 310105.' },
      required: 'true()',
      requiredMessage: REQUIRED,
      constraint: "regex(., '^[0-9]{6}$')",
      constraintMessage: { zh: '请填写6位数字的区县代码。', en: 'Enter the 6-digit district code.' },
    }),
    f({
      name: 'residence',
      type: 'select_one',
      listName: 'residence',
      label: { zh: '您现在居住在城镇还是农村？', en: 'Do you live in an urban or a rural area?' },
      required: 'true()',
      requiredMessage: REQUIRED,
    }),
    f({
      name: 'sex',
      type: 'select_one',
      listName: 'sex',
      label: { zh: '您的性别', en: 'Your sex' },
      required: 'true()',
      requiredMessage: REQUIRED,
    }),
    f({
      name: 'age',
      type: 'integer',
      label: { zh: '您的年龄（周岁）', en: 'Your age (completed years)' },
      hint: { zh: '本调查的对象是18至69周岁的居民。', en: 'This survey covers residents aged 18 to 69.' },
      required: 'true()',
      requiredMessage: REQUIRED,
      constraint: '. >= 18 and . <= 69',
      constraintMessage: {
        zh: '年龄须在18至69周岁之间；不在此范围的居民不属于调查对象。',
        en: 'Age must be 18 to 69; residents outside this range are not part of the survey.',
      },
    }),
    f({
      name: 'age_group',
      type: 'calculate',
      label: {},
      // The census 2020 five-year bands (18-19 is the survey's first, short band).
      calculation:
        "if(${age} = '', '', if(${age} < 20, '18-19', concat(int(${age} div 5) * 5, '-', int(${age} div 5) * 5 + 4)))",
    }),
    f({
      name: 'education',
      type: 'select_one',
      listName: 'education',
      label: { zh: '您的最高学历（含在读）', en: 'Your highest level of education (including current studies)' },
      required: 'true()',
      requiredMessage: REQUIRED,
    }),
    f({
      name: 'occupation',
      type: 'select_one',
      listName: 'occupation',
      label: { zh: '您目前的职业', en: 'Your current occupation' },
      required: 'true()',
      requiredMessage: REQUIRED,
    }),
    f({
      name: 'occupation_other',
      type: 'text',
      label: { zh: '请说明您的职业', en: 'Please describe your occupation' },
      relevant: "${occupation} = 'other'",
      required: 'true()',
      requiredMessage: REQUIRED,
    }),
  ],
};

const INTRO = f({
  name: 'intro',
  type: 'note',
  label: {
    zh: '您好！本问卷了解公民对科学的认识，共30道题，约需15分钟。您的回答只用于统计分析，不会对您个人产生任何影响；不知道时请选"不知道"。',
    en: 'Hello! This questionnaire asks about your understanding of science: 30 questions, about 15 minutes. Your answers are used only for statistics and will not affect you in any way; choose "Don\'t know" when you do not know.',
  },
});

const END = f({
  name: 'thanks',
  type: 'note',
  label: { zh: '问卷到此结束，感谢您的参与！', en: 'This is the end of the questionnaire. Thank you for taking part!' },
});

/** The national rule (methodology.md §1.1). */
export const NATIONAL_LEVELS: LevelRule[] = [
  { level: 'advanced', minScore: 85, comparison: '>=', label: { zh: '高阶科学素质', en: 'Advanced' } },
  { level: 'literate', minScore: 70, comparison: '>=', label: { zh: '具备科学素质', en: 'Scientifically literate' } },
  { level: 'basic', minScore: 55, comparison: '>=', label: { zh: '基本具备', en: 'Basic' } },
  { level: 'low', minScore: 0, comparison: '>=', label: { zh: '科学素质较低', en: 'Low' } },
];

/** The five key populations of the national outline; each boundary's reason is in `note`. */
export const KEY_POPULATIONS: PopulationGroup[] = [
  {
    name: 'youth',
    label: { zh: '青少年', en: 'Youth' },
    rule: "${age} < 30 or ${occupation} = 'student'",
    note:
      '调查只覆盖18–69岁，青少年中能调查到的是青年，故取30岁以下：与普查5岁年龄组18-19、20-24、25-29对齐，便于按普查边际加权；在校学生不论年龄都计入。' +
      '《中长期青年发展规划》的青年为14–35岁，需要时可把30改为36。 / The survey covers ages 18–69, so the youth it reaches are young ' +
      'adults: under 30, matching the census bands 18-19, 20-24 and 25-29 used for weighting; students count whatever their age. ' +
      'The national youth plan uses 14–35: change 30 to 36 to follow it.',
  },
  {
    name: 'farmer',
    label: { zh: '农民', en: 'Farmers' },
    rule: "${occupation} = 'farmer'",
    note:
      '按职业认定（农林牧渔业生产人员），不按户籍或农村居住认定：农村居民中有大量非农从业者，城乡差异另由 residence 分组反映。 / By occupation ' +
      '(agriculture, forestry, animal husbandry, fishery), not by rural residence or household registration: many rural residents ' +
      'work outside farming; the urban/rural gap is shown by the residence breakdown.',
  },
  {
    name: 'worker',
    label: { zh: '产业工人', en: 'Industrial workers' },
    rule: "${occupation} = 'worker'",
    note:
      '按职业认定：生产制造、建筑、运输等一线人员（职业分类中的生产制造及有关人员）；商业服务业人员不计入。 / By occupation: ' +
      'production, manufacturing, construction and transport workers; commerce and service workers are not included.',
  },
  {
    name: 'elderly',
    label: { zh: '老年人', en: 'The elderly' },
    rule: '${age} >= 60',
    note:
      '《老年人权益保障法》第二条：老年人是指六十周岁以上的公民；调查上限69岁，故此组为60–69岁。 / The Law on the Protection of the ' +
      "Rights and Interests of the Elderly (art. 2) defines the elderly as citizens aged 60 and over; with the survey's upper age " +
      'of 69 this group is ages 60–69.',
  },
  {
    name: 'official',
    label: { zh: '领导干部和公务员', en: 'Cadres and civil servants' },
    rule: "${occupation} = 'official'",
    note:
      '按职业认定：党政机关、公务员和干部；事业单位专业技术人员属 professional，不计入。 / By occupation: Party and government ' +
      'organs, civil servants and cadres; professionals in public institutions are not included.',
  },
];

/** The bundled questionnaire as a Form. */
export function bundledFormSource(): Form {
  const { groups, lists } = buildItems();
  return {
    formId: BUNDLED_FORM_ID,
    version: BUNDLED_FORM_VERSION,
    title: { '': '公民科学素质调查问卷（示范版）/ Civic Science Literacy Survey (demonstration)' },
    defaultLanguage: 'zh',
    languages: [
      { code: 'zh', name: '中文' },
      { code: 'en', name: 'English' },
    ],
    survey: [INTRO, DEMOGRAPHICS, ...groups, END],
    choices: { ...DEMOGRAPHIC_LISTS, ...lists },
    levels: NATIONAL_LEVELS,
    groups: KEY_POPULATIONS,
  };
}
