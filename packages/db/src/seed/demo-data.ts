import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TActivityType, TAudience, TUnitKind } from '@learnweek/contracts';

export interface TUnitRow {
  code: string;
  name: string;
  kind: TUnitKind;
  town: string;
  head: string;
  contactPerson: string;
  phone: string;
}

/** Xinbei's ten towns and streets, in the district's usual order. */
export const XINBEI_TOWNS = [
  '春江镇',
  '孟河镇',
  '薛家镇',
  '罗溪镇',
  '西夏墅镇',
  '奔牛镇',
  '新桥街道',
  '三井街道',
  '河海街道',
  '龙虎塘街道',
];

/** 天宁区's six streets and one town. */
export const TIANNING_TOWNS = ['天宁街道', '雕庄街道', '青龙街道', '红梅街道', '兰陵街道', '茶山街道', '郑陆镇'];

/** 天宁区's demo units (seed/data/tianning-units.csv): plausible, not the real list. */
export const TIANNING_UNITS_CSV = fileURLToPath(new URL('../../seed/data/tianning-units.csv', import.meta.url));

const UNITS_CSV = fileURLToPath(new URL('../../seed/data/xinbei-units.csv', import.meta.url));

/** The 65 demo units (seed/data/xinbei-units.csv, also the sample for the unit import). */
export function readDemoUnits(file = UNITS_CSV): TUnitRow[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = (header ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const row = Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
    return row as unknown as TUnitRow;
  });
}

const SURNAMES = '张王李赵陈刘杨黄周吴徐孙朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢'.split('');
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '国庆',
  '文博',
  '雨涵',
  '子轩',
  '欣怡',
  '浩然',
];

/** A plausible name, deterministic in i. */
export const demoName = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7 + Math.floor(i / SURNAMES.length)) % GIVEN.length]}`;

export interface TDemoActivity {
  title: string;
  type: TActivityType;
  form: string;
  dayOffset: number;
  hour: number;
  hours: number;
  audiences: TAudience[];
  expected: number;
  free: boolean;
}

const A = (
  type: TActivityType,
  title: string,
  form: string,
  dayOffset: number,
  hour: number,
  audiences: TAudience[],
  expected: number,
  free = false,
): TDemoActivity => ({
  title,
  type,
  form,
  dayOffset,
  hour,
  hours: 2,
  audiences,
  expected,
  free,
});

/** A schedule that meets the notice's duties for each kind of unit. */
export function demoSchedule(kind: TUnitKind, town: string): TDemoActivity[] {
  switch (kind) {
    case 'school':
      return [
        A('lecture', '“终身学习 幸福人生”主题讲座', '讲座', 1, 14, ['students'], 300),
        A('classMeeting', '“我爱学习 我会学习”主题班会', '班会', 2, 15, ['students'], 600),
        A('poster', '全民终身学习主题黑板报评比', '板报', 0, 8, ['students'], 800),
        A('volunteer', '“学习进社区”师生志愿服务', '志愿服务', 5, 9, ['residents', 'elderly'], 60),
      ];
    case 'communityCentre':
      return [
        A('freeClass', `${town}老年人智能手机应用惠民免费培训班`, '培训班', 1, 9, ['elderly'], 50, true),
        A('freeClass', '外来务工人员职业技能免费培训', '培训班', 3, 19, ['migrantWorkers', 'zeroEmploymentFamilies'], 40, true),
        A('lecture', '“家门口的学习”社区讲座', '讲座', 2, 14, ['residents'], 80),
        A('themeDay', '全民终身学习主题活动日', '主题活动', 4, 9, ['residents', 'elderly', 'disabled'], 200),
      ];
    case 'trainingCollege':
      return [
        A('forum', '社区教育内涵发展论坛', '论坛', 2, 9, ['workers', 'residents'], 120),
        A('training', '社区教育骨干教师培训', '培训', 3, 9, ['workers'], 60),
        A('openDay', '学院学习开放日', '开放日', 5, 9, ['residents'], 150, true),
      ];
    case 'nonDegree':
      return [
        A('training', '公益职业技能体验课', '公益培训', 2, 14, ['residents', 'migrantWorkers'], 40, true),
        A('openDay', '机构开放日', '开放日', 5, 9, ['residents', 'students'], 80),
      ];
    case 'publicVenue':
      return [
        A('openDay', '学习开放日', '开放日', 1, 9, ['residents', 'students'], 300, true),
        A('reading', '“书香新北”亲子共读', '阅读活动', 4, 15, ['residents', 'students'], 100, true),
        A('lecture', '专题讲座', '讲座', 3, 14, ['residents', 'elderly'], 120, true),
      ];
    case 'other':
      return [A('themeDay', '主题活动日', '主题活动', 2, 9, ['residents'], 100)];
  }
}

export function demoPlanText(
  unitName: string,
  kind: TUnitKind,
): {
  leadingBody: string;
  budgetNote: string;
  publicity: string;
  text: string;
} {
  const duty =
    kind === 'school'
      ? '全校开展“四个一”活动：一次主题讲座、一次主题班会、一期主题板报、一次志愿服务。'
      : kind === 'communityCentre'
        ? '广泛发动社区居民参与，重点关注零就业家庭、外来务工人员、老年人、残疾人等困难群体，推进周期间举办惠民免费培训班。'
        : '面向社区开展公益性培训，开放学习资源。';
  return {
    leadingBody: `成立${unitName}全民终身学习活动周领导小组，由单位主要负责人任组长，分管负责人任副组长。`,
    budgetNote: '活动经费由单位公用经费列支，厉行节约，严格执行中央八项规定精神。',
    publicity: '通过单位网站、微信公众号、宣传展板发布活动信息，活动成果报送常州终身教育网。',
    text: `为贯彻落实区教育文体局通知精神，推动全民终身学习，加快建设学习型新北，${unitName}结合实际开展全民终身学习活动周系列活动。${duty}`,
  };
}

/** The 2017 notice's words (TNoticeInput of @learnweek/contracts), in the project's data (seed/data/notice-2017.json). */
export function readDemoNotice(): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL('../../seed/data/notice-2017.json', import.meta.url)), 'utf8'));
}
