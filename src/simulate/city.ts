/**
 * The synthetic city: a fictional prefecture-level city (河城 / Hecheng) of about two million adults, with four
 * central urban districts, three suburban districts and five rural counties. Each district's share of the city's
 * urban and rural adults decides its size and how urban it is; `effect` shifts latent literacy (a university
 * district, a mountain county) so that districts differ beyond their composition.
 */

export interface District {
  /** The `region` answer: a 6-digit district code (the fictional province code 99 marks it as synthetic). */
  code: string;
  name: { zh: string; en: string };
  kind: 'urban' | 'suburban' | 'rural';
  /** Share of the city's urban adults living here (sums to 1 over districts). */
  urbanShare: number;
  /** Share of the city's rural adults living here (sums to 1 over districts). */
  ruralShare: number;
  /** Shift of the latent literacy (logit-like scale) and of the education propensity. */
  effect: number;
}

export const DISTRICTS: readonly District[] = [
  {
    code: '990102',
    name: { zh: '城中区', en: 'Chengzhong' },
    kind: 'urban',
    urbanShare: 0.15,
    ruralShare: 0,
    effect: 0.25,
  },
  { code: '990103', name: { zh: '河东区', en: 'Hedong' }, kind: 'urban', urbanShare: 0.14, ruralShare: 0, effect: 0.1 },
  { code: '990104', name: { zh: '河西区', en: 'Hexi' }, kind: 'urban', urbanShare: 0.13, ruralShare: 0.01, effect: 0 },
  {
    code: '990105',
    name: { zh: '高新区', en: 'Gaoxin' },
    kind: 'urban',
    urbanShare: 0.12,
    ruralShare: 0.02,
    effect: 0.4,
  },
  {
    code: '990111',
    name: { zh: '北郊区', en: 'Beijiao' },
    kind: 'suburban',
    urbanShare: 0.1,
    ruralShare: 0.09,
    effect: -0.05,
  },
  {
    code: '990112',
    name: { zh: '南郊区', en: 'Nanjiao' },
    kind: 'suburban',
    urbanShare: 0.09,
    ruralShare: 0.1,
    effect: 0,
  },
  {
    code: '990113',
    name: { zh: '新港区', en: 'Xingang' },
    kind: 'suburban',
    urbanShare: 0.08,
    ruralShare: 0.08,
    effect: 0.05,
  },
  {
    code: '990121',
    name: { zh: '青山县', en: 'Qingshan County' },
    kind: 'rural',
    urbanShare: 0.04,
    ruralShare: 0.16,
    effect: -0.1,
  },
  {
    code: '990122',
    name: { zh: '白水县', en: 'Baishui County' },
    kind: 'rural',
    urbanShare: 0.04,
    ruralShare: 0.15,
    effect: -0.15,
  },
  {
    code: '990123',
    name: { zh: '石门县', en: 'Shimen County' },
    kind: 'rural',
    urbanShare: 0.04,
    ruralShare: 0.15,
    effect: 0,
  },
  {
    code: '990124',
    name: { zh: '云岭县', en: 'Yunling County' },
    kind: 'rural',
    urbanShare: 0.03,
    ruralShare: 0.14,
    effect: -0.3,
  },
  {
    code: '990125',
    name: { zh: '临河县', en: 'Linhe County' },
    kind: 'rural',
    urbanShare: 0.04,
    ruralShare: 0.1,
    effect: -0.05,
  },
];

export const CITY_NAME = { zh: '河城市（模拟）', en: 'Hecheng (synthetic city)' } as const;
