/**
 * The Chinese text of a form issue. Readers write each message once, in English; this catalogue turns it into
 * Simplified Chinese by its shape, keeping the quoted names and values. A message with no entry keeps its English
 * text (the test of this file lists every message the reader's tests produce, so a new one is noticed).
 */
type Entry = [RegExp, (m: RegExpExecArray) => string];

const NOT_YET_ZH: Record<string, string> = {
  pulldata: '它读取随问卷附带的 CSV 文件',
  position: '它用于重复组，而重复组暂不支持',
  'indexed-repeat': '它用于重复组，而重复组暂不支持',
  'jr:itext': '它按键读取翻译',
  geofence: '它需要设备位置',
};

/** Parts of expression errors (ExprSyntaxError, ExprEvalError, RegexError) that recur inside other messages. */
const DETAIL: Entry[] = [
  [/^(.*) at character (\d+): (.*)$/s, (m) => `${detail(m[1]!)}（第 ${m[2]} 个字符处：${m[3]}）`],
  [/^unknown function (\S+)\(\)$/, (m) => `未知函数 ${m[1]}()`],
  [/^(\S+)\(\) is not supported yet: (.*)$/, (m) => `暂不支持 ${m[1]}()（${NOT_YET_ZH[m[1]!] ?? m[2]}）`],
  [
    /^unexpected character "(.+)" \(a curly quote: .*\)$/,
    (m) => `出现弯引号“${m[1]}”：请改用直引号，并在 Excel 或 WPS 中关闭“智能引号”`,
  ],
  [
    /^unexpected character "(.+)" \(a full-width "(.+)": use the ASCII character\)$/,
    (m) => `出现全角字符“${m[1]}”：请改用半角字符`,
  ],
  [/^unexpected character "(.+)" \(use "and" \/ "or"\)$/, (m) => `出现字符“${m[1]}”：请写 and / or`],
  [/^unexpected character "(.+)"$/, (m) => `出现无法识别的字符“${m[1]}”`],
  [/^expected a value but found (.+)$/, (m) => `此处缺少一个值，却遇到 ${m[1]}`],
  [/^expression ends too early: a value is missing$/, () => '表达式提前结束：缺少一个值'],
  [/^text starting with (.) is not closed$/, (m) => `以 ${m[1]} 开头的文本没有结束引号`],
  [/^(\S+)\(\) takes (.+) arguments?, not (\d+)$/, (m) => `${m[1]}() 需要 ${m[2]} 个参数，而不是 ${m[3]} 个`],
  [/^"(.+)" is not a valid field name$/, (m) => `“${m[1]}”不是有效的题目名称`],
  [/^\$\{(.+)\} reads the last saved interview, .*$/, (m) => `\${${m[1]}} 读取上一份已保存的访问，scilit 暂不支持`],
  [/^a path must end at a question name$/, () => '路径必须以题目名称结尾'],
  [/^back-references .*$/, () => '不支持反向引用（\\1 等）：无法安全地匹配'],
  [/^look-around .*$/, () => '不支持前瞻/后顾和内联标志 (?…)'],
];

const ENTRIES: Entry[] = [
  // the workbook
  [
    /^two sheets are named "(.+)" \(letter case aside\): keep one$/,
    (m) => `有两个工作表都叫“${m[1]}”（不计大小写）：请只保留一个`,
  ],
  [/^the workbook has no "survey" sheet$/, () => '工作簿中没有“survey”工作表'],
  [
    /^sheet "(.+)" is not used by scilit(?:: (.*))?$/,
    (m) => `scilit 不使用工作表“${m[1]}”${m[2] ? `（${m[2]}）` : ''}`,
  ],
  [/^the only sheet, "(.+)", is read as the survey sheet$/, (m) => `唯一的工作表“${m[1]}”被当作 survey 工作表读取`],
  // columns
  [
    /^column "(.+)" means the same as column (\S+) "(.+)": keep one$/,
    (m) => `列“${m[1]}”与 ${m[2]} 列“${m[3]}”含义相同：请只保留一列`,
  ],
  [/^column "(.+)" is not used by scilit: (.*)$/, (m) => `scilit 不使用列“${m[1]}”（${m[2]}）`],
  [
    /^column "(.+)" is not used by scilit(?: \((.*)\))?$/,
    (m) => `scilit 不使用列“${m[1]}”${m[2] ? `（${m[2]}）` : ''}`,
  ],
  [/^the survey sheet has no "type" column in row 1$/, () => 'survey 工作表第 1 行没有“type”列'],
  [/^the survey sheet has no questions$/, () => 'survey 工作表中没有题目'],
  [
    /^the choices sheet needs "list_name" and "name" columns in row 1$/,
    () => 'choices 工作表第 1 行需要“list_name”和“name”两列',
  ],
  // rows and types
  [
    /^row skipped: disabled is "yes".*$/,
    () => '此行已跳过：disabled 为“yes”（与 pyxform 相同；建议改用 relevant 为 false()）',
  ],
  [
    /^row without type, name or label skipped.*$/,
    () => '没有类型、名称和标签的行已跳过（视为注释行，与 pyxform 相同）',
  ],
  [
    /^row has content but no type(?: \(name "(.+)"\))?$/,
    (m) => `此行有内容但没有类型${m[1] ? `（名称“${m[1]}”）` : ''}`,
  ],
  [
    /^unknown type "(.+)"(?: \(did you mean "(.+)"\?\))?$/,
    (m) => `未知的题型“${m[1]}”${m[2] ? `（是否应为“${m[2]}”？）` : ''}`,
  ],
  [/^type "(.+)": (.+) cannot be asked by scilit yet$/, (m) => `题型“${m[1]}”：scilit 暂不支持（${reasonZh(m[2]!)}）`],
  [
    /^"(.+)": repeats are not supported yet.*$/,
    (m) => `“${m[1]}”：暂不支持重复组（repeat）；请把需要重复的题目分别列出`,
  ],
  [/^"(.+)" needs a choice list name: "(.+)"$/, (m) => `“${m[1]}”需要选项列表名称：“${m[2]}”`],
  [/^"(.+)": write the type as "(.+)" with one list name$/, (m) => `“${m[1]}”：请写成“${m[2]}”，只跟一个列表名称`],
  [
    /^"(.+)": or_other is only for select_one and select_multiple$/,
    (m) => `“${m[1]}”：or_other 只能用于 select_one 和 select_multiple`,
  ],
  [/^"end group" without a matching "begin group"$/, () => '“end group”没有对应的“begin group”'],
  [/^group "(.*)" is never closed: add an "end group" row$/, (m) => `组“${m[1]}”没有结束：请添加“end group”行`],
  // names and labels
  [/^a (group|question) needs a name$/, (m) => `${m[1] === 'group' ? '组' : '题目'}需要名称`],
  [
    /^"(.+)" is not a valid name: .*$/,
    (m) => `“${m[1]}”不是有效的名称：须以字母或“_”开头，其后为字母、数字、“_”、“-”或“.”`,
  ],
  [
    /^duplicate name "(.+)" \(first used in row (\d+), in another group\).*$/,
    (m) =>
      `名称“${m[1]}”重复（第 ${m[2]} 行在另一个组中已使用）：scilit 按题目名称保存答案，题目名称在整个问卷中必须唯一`,
  ],
  [/^duplicate name "(.+)" \(first used in row (\d+)\)$/, (m) => `名称“${m[1]}”重复（第 ${m[2]} 行已使用）`],
  [/^question "(.+)" has no label$/, (m) => `题目“${m[1]}”没有标签`],
  [
    /^or_other adds the question "(.+)", which the form already has \(row (\d+)\)$/,
    (m) => `or_other 会添加题目“${m[1]}”，但问卷第 ${m[2]} 行已有同名题目`,
  ],
  // cells
  [/^calculate "(.+)" has no calculation$/, (m) => `计算项“${m[1]}”没有 calculation`],
  [/^a calculate field cannot be required$/, () => '计算项不能设为必答'],
  [/^read_only must be "yes" or "no", not "(.*)"$/, (m) => `read_only 只能是“yes”或“no”，而不是“${m[1]}”`],
  [
    /^choice_filter is only for select_one\/select_multiple$/,
    () => 'choice_filter 只能用于 select_one / select_multiple',
  ],
  [
    /^parameters "(.*)": write them as name=value pairs.*$/,
    (m) => `parameters“${m[1]}”：请写成“名称=值”的形式，例如 start=0 end=10 step=1`,
  ],
  [/^parameter "(.+)" is not used by scilit for a (\S+) question$/, (m) => `scilit 不对 ${m[2]} 题使用参数“${m[1]}”`],
  [/^range parameters must be numbers with step > 0 \((.*)\)$/, (m) => `range 的参数必须是数字且 step > 0（${m[1]}）`],
  [
    /^range: step (\S+) does not divide the span from (\S+) to (\S+)$/,
    (m) => `range：步长 ${m[1]} 不能整除 ${m[2]} 到 ${m[3]} 的区间`,
  ],
  [
    /^(audit|start-geopoint) is recorded empty: .*$/,
    (m) => `${m[1]} 记录为空：scilit 暂不记录${m[1] === 'audit' ? '审计日志' : '开始时的位置'}`,
  ],
  [/^default (.+)$/, (m) => `默认值${badValueZh(m[1]!)}`],
  // choices
  [/^choice(?: "(.+)")? has no list_name$/, (m) => `选项${m[1] ? `“${m[1]}”` : ''}没有 list_name`],
  [/^"(.+)" is not a valid list name.*$/, (m) => `“${m[1]}”不是有效的列表名称（不能有空格；可用字母、数字、“_”）`],
  [/^a choice of list "(.+)" has no name$/, (m) => `列表“${m[1]}”中有一个选项没有名称`],
  [
    /^duplicate choice "(.+)" in list "(.+)" \(first in row (\d+)\)$/,
    (m) => `列表“${m[2]}”中的选项“${m[1]}”重复（第 ${m[3]} 行已有）`,
  ],
  [
    /^choice "(.+)" of list "(.+)" has no label: its name is shown$/,
    (m) => `列表“${m[2]}”的选项“${m[1]}”没有标签：将显示其名称`,
  ],
  [
    /^choice name "(.+)" contains a space, and list "(.+)" is used by a select_multiple.*$/,
    (m) => `选项名称“${m[1]}”含有空格，而列表“${m[2]}”被多选题使用（多选答案以空格分隔）`,
  ],
  [/^choice list "(.+)" is not defined in the choices sheet$/, (m) => `choices 工作表中没有定义选项列表“${m[1]}”`],
  [
    /^choice list "(.+)" has no column "(.+)": the filter reads it as empty$/,
    (m) => `选项列表“${m[1]}”没有“${m[2]}”列：筛选时按空值处理`,
  ],
  [/^list "(.+)" is also on the choices sheet: keep one$/, (m) => `列表“${m[1]}”在 choices 工作表中也有：请只保留一处`],
  // settings
  [
    /^the form has no version: scilit uses "(.+)", made from the form's content.*$/,
    (m) => `问卷没有 version：scilit 使用根据问卷内容生成的“${m[1]}”（修改问卷后会得到新的版本号）`,
  ],
  [/^setting "(.+)" is not used by scilit$/, (m) => `scilit 不使用设置项“${m[1]}”`],
  [/^not used by scilit: (.*)$/, (m) => `scilit 不使用此项（${m[1]}）`],
  [/^only the first row of the settings sheet is read$/, () => '只读取 settings 工作表的第一行'],
  [/^form_id is required.*$/, () => '需要 form_id（settings 工作表的 form_id 列）'],
  [/^form_id "(.+)" may only use .*$/, (m) => `form_id“${m[1]}”只能使用字母、数字、“_”、“-”和“.”`],
  [/^version "(.+)" must not contain spaces$/, (m) => `version“${m[1]}”不能包含空格`],
  [
    /^default_language "(.+)" is not one of the label languages \((.*)\)$/,
    (m) => `default_language“${m[1]}”不是标签语言之一（${m[2]}）`,
  ],
  // expressions
  [/^(\S+) does not parse: (.*)$/s, (m) => `${m[1]} 表达式无法解析：${detail(m[2]!)}`],
  [/^\$\{(.+)\} is a group, not a question.*$/, (m) => `\${${m[1]}} 是组，不是题目：表达式只能读取答案`],
  [/^\$\{(.+)\} is not a field of this form$/, (m) => `\${${m[1]}} 不是本问卷的题目`],
  [/^"\." \(the answer itself\) can only be used in a constraint$/, () => '“.”（本题答案）只能用于 constraint'],
  [
    /^"(.+)" is not a value: write a field as .*$/,
    (m) => `“${m[1]}”不是值：题目请写成 \${${m[1]}}，文本请加引号 '${m[1]}'`,
  ],
  [/^instance\('(.+)'\) names no choice list of this form$/, (m) => `instance('${m[1]}') 不是本问卷的选项列表`],
  [/^regex\('(.*)'\): (.*)$/s, (m) => `regex('${m[1]}')：${detail(m[2]!)}`],
  [
    /^calculation of "(.+)": the expression makes a text longer than (\S+) characters.*$/,
    (m) => `“${m[1]}”的计算结果文本超过 ${m[2]} 个字符（计算可能无限增长），问卷被拒绝`,
  ],
  [
    /^calculation of "(.+)": the expression takes more than (\S+) steps.*$/,
    (m) => `“${m[1]}”的计算超过 ${m[2]} 步，问卷被拒绝`,
  ],
  [/^calculation cycle: (.*)$/, (m) => `计算项循环引用：${m[1]}`],
  // scoring extension
  [/^a scored item needs scoring::(\S+).*$/, (m) => `计分题需要 scoring::${m[1]}`],
  [/^scoring::points must be a positive number, not "(.*)"$/, (m) => `scoring::points 必须是正数，而不是“${m[1]}”`],
  [/^scoring::key "(.+)" is not a choice of list "(.+)"$/, (m) => `scoring::key“${m[1]}”不是列表“${m[2]}”的选项`],
  [/^scoring::veto "(.+)" is not a choice of list "(.+)"$/, (m) => `scoring::veto“${m[1]}”不是列表“${m[2]}”的选项`],
  [
    /^a select_one item has exactly one correct choice in scoring::key$/,
    () => '单选计分题的 scoring::key 只能有一个正确选项',
  ],
  [
    /^only select_one, select_multiple, integer and decimal questions can be scored, not (\S+)$/,
    (m) => `只有单选、多选、整数和小数题可以计分，${m[1]} 题不行`,
  ],
  [/^unknown scoring column.*$/, () => '未知的计分列；可用 scoring::dimension、points、key、veto、tolerance'],
  [/^min_score must be a number, not "(.*)"$/, (m) => `min_score 必须是数字，而不是“${m[1]}”`],
  [/^comparison must be ">=" or ">", not "(.*)"$/, (m) => `comparison 只能是“>=”或“>”，而不是“${m[1]}”`],
  [/^duplicate level "(.+)".*$/, (m) => `等级“${m[1]}”重复`],
  [/^group "(.*)" needs a rule.*$/, (m) => `人群“${m[1]}”需要规则（rule），例如 \${age} >= 60`],
];

const REASONS: [RegExp, string][] = [
  [/^photos and other attached files/, '照片等附件（附件的存储正在开发中）'],
  [/^audio recordings and other attached files/, '录音等附件（附件的存储正在开发中）'],
  [/^video recordings and other attached files/, '录像等附件（附件的存储正在开发中）'],
  [/^attached files/, '附件（附件的存储正在开发中）'],
  [/^recording audio in the background/, '后台录音'],
  [/^tracking the location in the background/, '后台定位'],
  [/^an external XML file kept with the form/, '随问卷附带的外部 XML 文件'],
  [/^an external CSV file kept with the form/, '随问卷附带的外部 CSV 文件'],
  [/^choices from a CSV or XML file kept with the form/, '来自随问卷附带的 CSV 或 XML 文件的选项'],
  [/^a loop over a choice list/, '按选项列表循环（loop）'],
  [/^OpenStreetMap tagging/, 'OpenStreetMap 标注（OpenMapKit）'],
];

function reasonZh(text: string): string {
  return REASONS.find(([re]) => re.test(text))?.[1] ?? text;
}

function badValueZh(text: string): string {
  const m =
    /^"(.*)" is not (a whole number|a number|a date \(YYYY-MM-DD\)|a time of day.*|a date and time.*|a choice of this question)$/.exec(
      text,
    );
  if (!m) return `：${text}`;
  const what: Record<string, string> = {
    'a whole number': '整数',
    'a number': '数字',
    'a date (YYYY-MM-DD)': '日期（年-月-日）',
    'a choice of this question': '本题的选项',
  };
  const kind = what[m[2]!] ?? (m[2]!.startsWith('a time') ? '时间' : '日期和时间');
  return `“${m[1]}”不是${kind}`;
}

function detail(text: string): string {
  for (const [re, zh] of DETAIL) {
    const m = re.exec(text);
    if (m) return zh(m);
  }
  return text;
}

/** The Chinese text of an English issue message, or undefined when the catalogue has none. */
export function issueZh(message: string): string | undefined {
  for (const [re, zh] of ENTRIES) {
    const m = re.exec(message);
    if (m) return zh(m);
  }
  return undefined;
}
