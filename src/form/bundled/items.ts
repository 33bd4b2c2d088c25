/**
 * The 30 test items of the bundled questionnaire, written for scilit. Points follow the national structure:
 * knowledge 40, method 20, thinking (spirit and ideas) 20, application 20. Easy items most people answer
 * correctly sit beside hard ones built on common misconceptions (antibiotics and viruses, the cause of seasons,
 * a "theory" as a guess), so that scores spread across the levels.
 */
import type { Choice, Field, Group, Labels } from '../model.ts';

type Text = readonly [zh: string, en: string];
const L = ([zh, en]: Text): Labels => ({ zh, en });

export const DONT_KNOW: Choice = { name: 'dont_know', label: { zh: '不知道', en: "Don't know" } };

const REQUIRED_MESSAGE = L([
  '请选择一个答案；不确定时请选"不知道"。',
  'Please choose an answer; choose "Don\'t know" if unsure.',
]);
const ONE_OR_DONT_KNOW = "not(selected(., 'dont_know')) or count-selected(.) = 1";
const ONE_OR_DONT_KNOW_MESSAGE = L([
  '"不知道"不能与其他选项同时选择。',
  '"Don\'t know" cannot be chosen together with other answers.',
]);

type Dimension = 'knowledge' | 'method' | 'thinking' | 'application';

interface ItemDef {
  name: string;
  kind: 'tf' | 'one' | 'many';
  q: Text;
  options?: readonly (readonly [name: string, zh: string, en: string])[];
  key: string | readonly string[];
  points: number;
}

export interface BuiltItems {
  groups: Group[];
  lists: Record<string, Choice[]>;
}

function item(dimension: Dimension, d: ItemDef, lists: Record<string, Choice[]>): Field {
  const listName = d.kind === 'tf' ? 'true_false' : d.name;
  if (d.kind !== 'tf') {
    lists[listName] = [...(d.options ?? []).map(([name, zh, en]) => ({ name, label: { zh, en } })), DONT_KNOW];
  }
  const f: Field = {
    kind: 'field',
    name: d.name,
    type: d.kind === 'many' ? 'select_multiple' : 'select_one',
    listName,
    label: L(d.q),
    required: 'true()',
    requiredMessage: REQUIRED_MESSAGE,
    ...(d.kind === 'many'
      ? {
          hint: L(['可多选。', 'Choose all that apply.']),
          constraint: ONE_OR_DONT_KNOW,
          constraintMessage: ONE_OR_DONT_KNOW_MESSAGE,
        }
      : {}),
    scoring: { dimension, points: d.points, key: typeof d.key === 'string' ? [d.key] : [...d.key] },
  };
  return f;
}

const KNOWLEDGE: ItemDef[] = [
  {
    name: 'k01_orbit',
    kind: 'tf',
    q: ['地球绕太阳公转一周大约需要一年。', 'The Earth takes about one year to travel once around the Sun.'],
    key: 'true',
    points: 3,
  },
  {
    name: 'k02_light_sound',
    kind: 'tf',
    q: ['光的传播速度比声音在空气中的传播速度快得多。', 'Light travels much faster than sound travels in air.'],
    key: 'true',
    points: 3,
  },
  {
    name: 'k03_antibiotics',
    kind: 'tf',
    q: ['抗生素能够杀死引起感冒的病毒。', 'Antibiotics kill the viruses that cause the common cold.'],
    key: 'false',
    points: 3,
  },
  {
    name: 'k04_baby_sex',
    kind: 'tf',
    q: ['孩子的性别是由母亲的卵细胞决定的。', "A baby's sex is determined by the mother's egg cell."],
    key: 'false',
    points: 3,
  },
  {
    name: 'k05_electrons',
    kind: 'tf',
    q: ['电子比原子小。', 'Electrons are smaller than atoms.'],
    key: 'true',
    points: 3,
  },
  {
    name: 'k06_dinosaurs',
    kind: 'tf',
    q: ['最早的人类和恐龙生活在同一个时代。', 'The earliest humans lived at the same time as the dinosaurs.'],
    key: 'false',
    points: 3,
  },
  {
    name: 'k07_water',
    kind: 'one',
    q: ['水的化学式是什么？', 'What is the chemical formula of water?'],
    options: [
      ['h2o', 'H₂O', 'H₂O'],
      ['co2', 'CO₂', 'CO₂'],
      ['o2', 'O₂', 'O₂'],
      ['nacl', 'NaCl', 'NaCl'],
    ],
    key: 'h2o',
    points: 3,
  },
  {
    name: 'k08_photosynthesis',
    kind: 'one',
    q: [
      '绿色植物进行光合作用时，主要从空气中吸收哪种气体？',
      'In photosynthesis, which gas do green plants mainly take in from the air?',
    ],
    options: [
      ['oxygen', '氧气', 'Oxygen'],
      ['nitrogen', '氮气', 'Nitrogen'],
      ['carbon_dioxide', '二氧化碳', 'Carbon dioxide'],
      ['hydrogen', '氢气', 'Hydrogen'],
    ],
    key: 'carbon_dioxide',
    points: 3,
  },
  {
    name: 'k09_seasons',
    kind: 'one',
    q: ['地球上出现四季变化的主要原因是什么？', 'What is the main reason the Earth has seasons?'],
    options: [
      ['distance', '地球离太阳时近时远', 'The Earth is sometimes nearer to and sometimes farther from the Sun'],
      ['tilt', '地球自转轴相对公转轨道是倾斜的', "The Earth's axis is tilted relative to its orbit"],
      ['clouds', '大气中云量的变化', 'Changes in the amount of cloud in the atmosphere'],
      ['sun_activity', '太阳发出的热量时多时少', 'The Sun gives off more heat at some times than at others'],
    ],
    key: 'tilt',
    points: 3,
  },
  {
    name: 'k10_boiling',
    kind: 'one',
    q: [
      '在一个标准大气压下，纯水的沸点是多少摄氏度？',
      'At standard atmospheric pressure, at what temperature in °C does pure water boil?',
    ],
    options: [
      ['c80', '80 ℃', '80 °C'],
      ['c90', '90 ℃', '90 °C'],
      ['c100', '100 ℃', '100 °C'],
      ['c120', '120 ℃', '120 °C'],
    ],
    key: 'c100',
    points: 3,
  },
  {
    name: 'k11_renewable',
    kind: 'many',
    q: ['下列哪些属于可再生能源？', 'Which of these are renewable energy sources?'],
    options: [
      ['solar', '太阳能', 'Solar energy'],
      ['wind', '风能', 'Wind energy'],
      ['coal', '煤炭', 'Coal'],
      ['hydro', '水能', 'Hydropower'],
      ['natural_gas', '天然气', 'Natural gas'],
    ],
    key: ['solar', 'wind', 'hydro'],
    points: 5,
  },
  {
    name: 'k12_vaccines',
    kind: 'many',
    q: ['下列哪些疾病可以通过接种疫苗来预防？', 'Which of these diseases can be prevented by vaccination?'],
    options: [
      ['measles', '麻疹', 'Measles'],
      ['hepatitis_b', '乙型肝炎', 'Hepatitis B'],
      ['diabetes', '糖尿病', 'Diabetes'],
      ['influenza', '流行性感冒', 'Influenza'],
      ['myopia', '近视', 'Short-sightedness (myopia)'],
    ],
    key: ['measles', 'hepatitis_b', 'influenza'],
    points: 5,
  },
];

const METHOD: ItemDef[] = [
  {
    name: 'm01_drug_trial',
    kind: 'one',
    q: [
      '要检验一种新药是否有效，下列哪种做法最科学？',
      'Which is the most scientific way to test whether a new medicine works?',
    ],
    options: [
      ['ask_users', '询问服用过这种药的人感觉如何', 'Ask people who have taken it how they feel'],
      ['give_all', '给所有病人服用，看有多少人康复', 'Give it to all patients and count how many recover'],
      [
        'rct',
        '把病人随机分成两组，一组服新药、一组服外观相同的无效药，比较两组结果',
        'Randomly split patients into two groups, give one the medicine and the other an identical-looking dummy pill, and compare',
      ],
      ['expert', '请一位知名专家判断', 'Ask a well-known expert to judge'],
    ],
    key: 'rct',
    points: 3,
  },
  {
    name: 'm02_theory',
    kind: 'tf',
    q: [
      '在科学中，"理论"只是一种没有经过检验的猜测。',
      'In science, a "theory" is just a guess that has not been tested.',
    ],
    key: 'false',
    points: 3,
  },
  {
    name: 'm03_probability',
    kind: 'one',
    q: [
      '医生告诉一对夫妇，他们的每个孩子患某种遗传病的概率都是四分之一。如果他们的第一个孩子患了这种病，第二个孩子患病的概率是多少？',
      'A doctor tells a couple that each of their children has a one-in-four chance of having an inherited illness. If their first child has the illness, what is the chance that their second child will have it?',
    ],
    options: [
      ['zero', '0，不会再患病', 'Zero: it will not happen again'],
      ['quarter', '仍是四分之一', 'Still one in four'],
      ['half', '二分之一', 'One in two'],
      ['certain', '一定会患病', 'Certain'],
    ],
    key: 'quarter',
    points: 3,
  },
  {
    name: 'm04_sample',
    kind: 'one',
    q: [
      '有人只在一家商场门口询问顾客，用结果来推断全市居民的看法。这种做法最主要的问题是什么？',
      'Someone asks only the shoppers at the door of one mall and uses the answers to describe the views of the whole city. What is the main problem?',
    ],
    options: [
      ['too_few_questions', '问的问题太少', 'Too few questions were asked'],
      [
        'not_representative',
        '被调查的人不能代表全市居民',
        'The people asked do not represent the residents of the city',
      ],
      ['too_expensive', '调查费用太高', 'The survey costs too much'],
      ['no_problem', '没有问题', 'There is no problem'],
    ],
    key: 'not_representative',
    points: 3,
  },
  {
    name: 'm05_reliable',
    kind: 'many',
    q: ['下列哪些做法能使实验结论更可靠？', 'Which of these make the conclusion of an experiment more reliable?'],
    options: [
      ['repeat', '重复做实验', 'Repeating the experiment'],
      [
        'control',
        '只改变要研究的因素，其他条件保持不变',
        'Changing only the factor being studied and keeping everything else the same',
      ],
      ['favourable_only', '只记录符合预期的结果', 'Recording only the results that match what was expected'],
      ['larger_sample', '增加观察对象的数量', 'Observing more subjects'],
      ['change_many', '同时改变多个条件', 'Changing several conditions at once'],
    ],
    key: ['repeat', 'control', 'larger_sample'],
    points: 4,
  },
  {
    name: 'm06_fertilizer',
    kind: 'one',
    q: [
      '小李想知道一种肥料能否让番茄增产，他应该怎样做？',
      'Li wants to know whether a fertilizer makes tomato plants yield more. What should he do?',
    ],
    options: [
      ['one_plant', '给一株番茄施肥，看它结果多不多', 'Fertilize one plant and see whether it bears a lot of fruit'],
      [
        'compare_groups',
        '种两组条件相同的番茄，只给其中一组施肥，比较两组产量',
        'Grow two groups of plants under the same conditions, fertilize only one group, and compare their yields',
      ],
      ['ask_neighbors', '问问邻居用这种肥料的感受', 'Ask neighbours what they think of the fertilizer'],
      [
        'different_conditions',
        '把施肥的番茄种在温室里，不施肥的种在室外，比较产量',
        'Grow fertilized plants in a greenhouse and unfertilized ones outdoors, and compare',
      ],
    ],
    key: 'compare_groups',
    points: 4,
  },
];

const THINKING: ItemDef[] = [
  {
    name: 't01_conclusions',
    kind: 'tf',
    q: ['科学结论一旦得出，就永远不会改变。', 'Once a scientific conclusion is reached, it never changes.'],
    key: 'false',
    points: 3,
  },
  {
    name: 't02_new_evidence',
    kind: 'one',
    q: [
      '当可靠的新证据与现有科学理论相矛盾时，科学家通常会怎么做？',
      'When reliable new evidence contradicts an accepted scientific theory, what do scientists usually do?',
    ],
    options: [
      ['ignore', '忽略新证据，维护原有理论', 'Ignore the evidence and defend the theory'],
      ['revise', '重新检验，必要时修正或放弃原有理论', 'Re-examine it and, if it holds, revise or abandon the theory'],
      ['vote', '由多数人投票决定哪个正确', 'Let a majority vote decide which is right'],
      ['authority', '由最有名的科学家决定', 'Let the most famous scientist decide'],
    ],
    key: 'revise',
    points: 3,
  },
  {
    name: 't03_fortune',
    kind: 'tf',
    q: ['算命能够准确预测一个人的未来。', "Fortune-telling can accurately predict a person's future."],
    key: 'false',
    points: 3,
  },
  {
    name: 't04_food_safety',
    kind: 'one',
    q: [
      '判断一种新食品是否安全，最可靠的依据是什么？',
      'What is the most reliable basis for judging whether a new kind of food is safe?',
    ],
    options: [
      ['online_rumor', '网上流传的说法', 'What is circulating online'],
      ['celebrity', '名人的推荐或反对', "A celebrity's opinion"],
      ['scientific_assessment', '经过科学检测和评估得出的结论', 'Conclusions from scientific testing and assessment'],
      ['gut_feeling', '自己的直觉', 'My own intuition'],
    ],
    key: 'scientific_assessment',
    points: 3,
  },
  {
    name: 't05_spirit',
    kind: 'many',
    q: ['下列哪些做法体现了科学精神？', 'Which of these show a scientific attitude?'],
    options: [
      ['question_evidence', '对说法提出疑问并寻找证据', 'Questioning claims and looking for evidence'],
      ['respect_evidence', '尊重事实和证据', 'Respecting facts and evidence'],
      ['admit_errors', '发现自己错了就承认并改正', "Admitting and correcting one's mistakes"],
      ['follow_authority', '权威说的一定对，照做就行', 'Whatever an authority says must be right'],
      ['own_view_only', '只接受符合自己想法的信息', "Accepting only information that fits one's own views"],
    ],
    key: ['question_evidence', 'respect_evidence', 'admit_errors'],
    points: 4,
  },
  {
    name: 't06_advert',
    kind: 'one',
    q: [
      '某保健品广告称："纯天然，无任何副作用，包治百病。"你怎么看？',
      'An advert for a health supplement says: "All natural, no side effects at all, cures every illness." What do you think?',
    ],
    options: [
      ['trust_natural', '是天然的，可以相信', 'It is natural, so it can be trusted'],
      [
        'unreliable',
        '不可信：没有能治百病的产品，天然也不等于没有副作用',
        'Not credible: nothing cures every illness, and natural does not mean free of side effects',
      ],
      ['try_it', '先买来试一试再说', 'Buy some and try it'],
      ['trust_if_expensive', '价格高的就可信', 'It is credible if it is expensive'],
    ],
    key: 'unreliable',
    points: 4,
  },
];

const APPLICATION: ItemDef[] = [
  {
    name: 'a01_gas_leak',
    kind: 'one',
    q: ['发现家中燃气泄漏时，首先应该怎么做？', 'You find a gas leak at home. What should you do first?'],
    options: [
      ['turn_on_light', '打开电灯查找泄漏处', 'Switch on the light to find the leak'],
      ['close_valve_ventilate', '关闭燃气阀门，打开门窗通风', 'Close the gas valve and open doors and windows'],
      ['call_inside', '立即在室内用手机拨打报警电话', 'Call for help on a mobile phone right there indoors'],
      ['ignore', '不用处理，气味会自己散去', 'Do nothing; the smell will go away'],
    ],
    key: 'close_valve_ventilate',
    points: 3,
  },
  {
    name: 'a02_dog_bite',
    kind: 'tf',
    q: [
      '被狗咬伤后，只要伤口不大，就不需要接种狂犬病疫苗。',
      'After a dog bite, there is no need for a rabies vaccination as long as the wound is small.',
    ],
    key: 'false',
    points: 3,
  },
  {
    name: 'a03_dosage',
    kind: 'one',
    q: [
      '某药品说明书写着"一日3次，一次2片"。按说明书，一天应服用几片？',
      'A medicine leaflet says "3 times a day, 2 tablets each time". How many tablets should be taken in a day?',
    ],
    options: [
      ['t2', '2片', '2 tablets'],
      ['t3', '3片', '3 tablets'],
      ['t5', '5片', '5 tablets'],
      ['t6', '6片', '6 tablets'],
    ],
    key: 't6',
    points: 3,
  },
  {
    name: 'a04_shelf_life',
    kind: 'one',
    q: ['食品包装上的"保质期"指的是什么？', 'What does the "shelf life" (保质期) printed on food packaging mean?'],
    options: [
      ['poison_after', '过了这个日期食品就一定有毒', 'After this date the food is certainly poisonous'],
      [
        'quality_period',
        '在标明的贮存条件下，食品保持应有品质的期限',
        'How long the food keeps its proper quality when stored as the label says',
      ],
      ['date_made', '食品的生产日期', 'The date the food was made'],
      ['any_storage', '无论怎样存放都不会变质的期限', 'How long the food stays good however it is stored'],
    ],
    key: 'quality_period',
    points: 3,
  },
  {
    name: 'a05_lightning',
    kind: 'many',
    q: [
      '雷雨天在户外时，下列哪些做法可以减少遭雷击的危险？',
      'Outdoors in a thunderstorm, which of these reduce the risk of being struck by lightning?',
    ],
    options: [
      [
        'shelter_building',
        '尽快进入有防雷设施的建筑物或关好门窗的汽车内',
        'Get into a building with lightning protection or a car with closed doors and windows',
      ],
      ['avoid_tree', '不在孤立的大树下避雨', 'Do not shelter under an isolated tall tree'],
      ['metal_umbrella', '在空旷地带撑起金属杆雨伞', 'Hold up an umbrella with a metal shaft in open ground'],
      ['leave_high_ground', '远离山顶、高处和水面', 'Keep away from hilltops, high places and water'],
      ['run_open', '在空旷的田野里奔跑', 'Run across open fields'],
    ],
    key: ['shelter_building', 'avoid_tree', 'leave_high_ground'],
    points: 4,
  },
  {
    name: 'a06_percent',
    kind: 'one',
    q: [
      '某地一年内某种传染病的病例数从200例下降到150例，下降了百分之几？',
      'In a year, the number of cases of an infectious disease in a town fell from 200 to 150. By what percentage did it fall?',
    ],
    options: [
      ['p25', '25%', '25%'],
      ['p50', '50%', '50%'],
      ['p75', '75%', '75%'],
      ['p33', '33%', '33%'],
    ],
    key: 'p25',
    points: 4,
  },
];

const MODULES: readonly [Dimension, Text, ItemDef[]][] = [
  ['knowledge', ['第二部分　科学知识', 'Part 2. Scientific knowledge'], KNOWLEDGE],
  ['method', ['第三部分　科学方法', 'Part 3. Scientific method'], METHOD],
  ['thinking', ['第四部分　科学精神与科学思想', 'Part 4. Scientific spirit and ideas'], THINKING],
  ['application', ['第五部分　应用科学的能力', 'Part 5. Applying science'], APPLICATION],
];

/** The four test modules as groups named by dimension, and their choice lists. */
export function buildItems(): BuiltItems {
  const lists: Record<string, Choice[]> = {
    true_false: [
      { name: 'true', label: { zh: '正确', en: 'True' } },
      { name: 'false', label: { zh: '错误', en: 'False' } },
      DONT_KNOW,
    ],
  };
  const groups = MODULES.map(
    ([dimension, title, defs]): Group => ({
      kind: 'group',
      name: dimension,
      label: L(title),
      children: defs.map((d) => item(dimension, d, lists)),
    }),
  );
  return { groups, lists };
}
