import { z } from 'zod';
import { ACTIVITY_TYPE_LABELS, NOMINATION_KIND_LABELS } from './labels.js';
import { ZActivityType, ZNominationKind, type TLocale } from './domain.js';

/**
 * Why a workflow step cannot happen now. Guards in @learnweek/workflow return these;
 * the API answers them with 422 and the apps show `problemMessage()` to the user.
 * To add one: a member here, a message in both languages below, a test in the workflow.
 */
export const ZProblem = z.discriminatedUnion('code', [
  z.object({ code: z.literal('campaignNotPublished') }),
  z.object({ code: z.literal('planTextMissing') }),
  z.object({ code: z.literal('noActivityInWeek') }),
  z.object({ code: z.literal('activityOutsideWeek'), activityTitle: z.string() }),
  z.object({ code: z.literal('fourOnesMissing'), missing: z.array(ZActivityType) }),
  z.object({ code: z.literal('freeClassMissing') }),
  z.object({ code: z.literal('summaryTextMissing') }),
  z.object({ code: z.literal('photosCount'), count: z.number().int(), required: z.number().int() }),
  z.object({ code: z.literal('commentRequired') }),
  z.object({ code: z.literal('nominationIncomplete'), missing: z.array(z.enum(['name', 'story', 'photos'])) }),
  z.object({ code: z.literal('quotaExceeded'), kind: ZNominationKind, max: z.number().int() }),
  /** Asked before 拟表彰 / 公布 (`confirmIncomplete`): not every panelist has scored it. */
  z.object({ code: z.literal('scoresIncomplete'), scoredBy: z.number().int(), panel: z.number().int() }),
  /** Asked before closing a campaign (`confirmOutstanding`): units whose plan or summary is not in and approved. */
  z.object({ code: z.literal('campaignOutstanding'), units: z.number().int(), plans: z.number().int(), summaries: z.number().int() }),
]);
export type TProblem = z.infer<typeof ZProblem>;
export type TProblemCode = TProblem['code'];

const list = (items: string[], locale: TLocale) => items.join(locale === 'zh-CN' ? '、' : ', ');

export function problemMessage(p: TProblem, locale: TLocale = 'zh-CN'): string {
  const zh = locale === 'zh-CN';
  switch (p.code) {
    case 'campaignNotPublished':
      return zh ? '活动周尚未发布，暂不能开始编制' : 'The campaign is not published yet';
    case 'planTextMissing':
      return zh ? '请填写实施方案正文' : 'The plan text is missing';
    case 'noActivityInWeek':
      return zh ? '活动安排表中至少须有一项活动安排在推进周内' : 'At least one activity must fall inside the week';
    case 'activityOutsideWeek':
      return zh ? `活动“${p.activityTitle}”不在推进周内` : `Activity "${p.activityTitle}" is outside the week`;
    case 'fourOnesMissing': {
      const names = p.missing.map((t) => ACTIVITY_TYPE_LABELS[t][locale]);
      return zh ? `学校须覆盖“四个一”：缺少${list(names, locale)}` : `Schools must cover the "four ones": missing ${list(names, locale)}`;
    }
    case 'freeClassMissing':
      return zh
        ? '社区教育中心须在推进周内举办至少一个面向困难群体（老年人、外来务工人员、零就业家庭、残疾人）的惠民免费培训班：活动类型选“惠民免费培训班”，或打开该活动的“免费”开关'
        : 'Community centres must hold at least one free class for a vulnerable group during the week: choose the type “Free class”, or switch “Free” on for the activity';
    case 'summaryTextMissing':
      return zh ? '请填写活动总结正文' : 'The summary text is missing';
    case 'photosCount':
      return zh
        ? `须上传 ${p.required} 张典型照片（当前 ${p.count} 张），或登记“光盘已寄送”`
        : `Exactly ${p.required} photos are required (now ${p.count}), or record the photo disc as sent`;
    case 'commentRequired':
      return zh ? '退回时须填写意见' : 'A comment is required to return';
    case 'nominationIncomplete': {
      const names = { name: zh ? '名称' : 'name', story: zh ? '事迹或简介' : 'story', photos: zh ? '至少一张照片' : 'at least one photo' };
      return zh
        ? `请补充：${list(
            p.missing.map((m) => names[m]),
            locale,
          )}`
        : `Still missing: ${list(
            p.missing.map((m) => names[m]),
            locale,
          )}`;
    }
    case 'quotaExceeded':
      return zh
        ? `本单位本届最多推荐 ${p.max} 个“${NOMINATION_KIND_LABELS[p.kind][locale]}”，名额已满`
        : `Your unit may nominate at most ${p.max} ${NOMINATION_KIND_LABELS[p.kind][locale]} this year; the quota is used up`;
    case 'scoresIncomplete':
      return zh
        ? `评审尚未完成：已评 ${p.scoredBy} / ${p.panel}，还有 ${p.panel - p.scoredBy} 位评审未评分。确认仍要继续吗？`
        : `Scoring is not complete: scored by ${p.scoredBy} / ${p.panel}, ${p.panel - p.scoredBy} panelist(s) still to score. Continue anyway?`;
    case 'campaignOutstanding':
      return zh
        ? `还有 ${p.units} 个单位未完成：${p.plans} 个单位的实施方案、${p.summaries} 个单位的活动总结尚未提交或审核通过。结束后这些单位不能再提交。确认结束吗？`
        : `${p.units} units are not done: ${p.plans} plans and ${p.summaries} summaries are not in or not approved. Once closed they can no longer submit. Close anyway?`;
  }
}
