import type {
  TActivityType,
  TAudience,
  TCampaignStatus,
  TDeliverableStatus,
  TLocale,
  TNominationEventType,
  TNominationKind,
  TNominationState,
  TParticipationEventType,
  TParticipationState,
  TReviewSection,
  TRole,
  TUnitKind,
} from './domain.js';

/** Display names of the domain vocabulary, zh-CN first. Used by the API (messages, exports) and both apps. */
type Labels<K extends string> = Record<K, Record<TLocale, string>>;

export const UNIT_KIND_LABELS: Labels<TUnitKind> = {
  school: { 'zh-CN': '中小学', en: 'School' },
  communityCentre: { 'zh-CN': '社区教育中心', en: 'Community education centre' },
  trainingCollege: { 'zh-CN': '社区培训学院', en: 'Community training college' },
  nonDegree: { 'zh-CN': '非学历教育机构', en: 'Non-degree institution' },
  publicVenue: { 'zh-CN': '公共文化场馆', en: 'Library / museum / venue' },
  other: { 'zh-CN': '其他单位', en: 'Other' },
};

export const ACTIVITY_TYPE_LABELS: Labels<TActivityType> = {
  lecture: { 'zh-CN': '主题讲座', en: 'Lecture' },
  training: { 'zh-CN': '培训', en: 'Training' },
  visit: { 'zh-CN': '参观考察', en: 'Visit' },
  forum: { 'zh-CN': '论坛', en: 'Forum' },
  openDay: { 'zh-CN': '学习开放日', en: 'Open day' },
  themeDay: { 'zh-CN': '主题活动日', en: 'Theme day' },
  reading: { 'zh-CN': '全民阅读', en: 'Reading' },
  volunteer: { 'zh-CN': '志愿服务', en: 'Volunteer service' },
  classMeeting: { 'zh-CN': '主题班会', en: 'Theme class meeting' },
  poster: { 'zh-CN': '主题板报', en: 'Theme poster' },
  freeClass: { 'zh-CN': '惠民免费培训班', en: 'Free class' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const AUDIENCE_LABELS: Labels<TAudience> = {
  residents: { 'zh-CN': '社区居民', en: 'Residents' },
  elderly: { 'zh-CN': '老年人', en: 'Elderly' },
  students: { 'zh-CN': '学生', en: 'Students' },
  migrantWorkers: { 'zh-CN': '外来务工人员', en: 'Migrant workers' },
  zeroEmploymentFamilies: { 'zh-CN': '零就业家庭', en: 'Zero-employment families' },
  disabled: { 'zh-CN': '残疾人', en: 'People with disabilities' },
  farmers: { 'zh-CN': '农民', en: 'Farmers' },
  workers: { 'zh-CN': '职工', en: 'Workers' },
};

export const PARTICIPATION_STATE_LABELS: Labels<TParticipationState> = {
  invited: { 'zh-CN': '已通知', en: 'Invited' },
  drafting: { 'zh-CN': '方案编制中', en: 'Drafting' },
  planSubmitted: { 'zh-CN': '方案待审核', en: 'Plan submitted' },
  planReturned: { 'zh-CN': '方案已退回', en: 'Plan returned' },
  planApproved: { 'zh-CN': '方案已通过', en: 'Plan approved' },
  weekRunning: { 'zh-CN': '活动周进行中', en: 'Week running' },
  summaryDue: { 'zh-CN': '待交总结', en: 'Summary due' },
  summarySubmitted: { 'zh-CN': '总结待审核', en: 'Summary submitted' },
  summaryReturned: { 'zh-CN': '总结已退回', en: 'Summary returned' },
  reviewed: { 'zh-CN': '已审核完成', en: 'Reviewed' },
};

export const PARTICIPATION_EVENT_LABELS: Labels<TParticipationEventType> = {
  START_DRAFT: { 'zh-CN': '开始编制', en: 'Start drafting' },
  SUBMIT_PLAN: { 'zh-CN': '提交方案', en: 'Submit plan' },
  WITHDRAW_PLAN: { 'zh-CN': '撤回方案', en: 'Withdraw plan' },
  APPROVE_PLAN: { 'zh-CN': '通过方案', en: 'Approve plan' },
  RETURN_PLAN: { 'zh-CN': '退回方案', en: 'Return plan' },
  WEEK_STARTED: { 'zh-CN': '活动周开始', en: 'Week started' },
  WEEK_ENDED: { 'zh-CN': '活动周结束', en: 'Week ended' },
  SUBMIT_SUMMARY: { 'zh-CN': '提交总结', en: 'Submit summary' },
  ACCEPT_SUMMARY: { 'zh-CN': '通过总结', en: 'Accept summary' },
  RETURN_SUMMARY: { 'zh-CN': '退回总结', en: 'Return summary' },
};

export const CAMPAIGN_STATUS_LABELS: Labels<TCampaignStatus> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  published: { 'zh-CN': '已发布', en: 'Published' },
  closed: { 'zh-CN': '已结束', en: 'Closed' },
};

export const ROLE_LABELS: Labels<TRole> = {
  organizer: { 'zh-CN': '组织办', en: 'Organizer' },
  approver: { 'zh-CN': '审核人', en: 'Approver' },
  coordinator: { 'zh-CN': '单位联络员', en: 'Coordinator' },
  checkinStaff: { 'zh-CN': '签到工作人员', en: 'Check-in staff' },
  city: { 'zh-CN': '市终身教育办', en: 'City office' },
};

export const REVIEW_SECTION_LABELS: Labels<TReviewSection> = {
  plan: { 'zh-CN': '实施方案', en: 'Plan' },
  schedule: { 'zh-CN': '活动安排表', en: 'Schedule' },
  summary: { 'zh-CN': '活动总结', en: 'Summary' },
  photos: { 'zh-CN': '典型照片', en: 'Photos' },
};

export const DELIVERABLE_STATUS_LABELS: Labels<TDeliverableStatus> = {
  notOpen: { 'zh-CN': '未开始', en: 'Not open' },
  missing: { 'zh-CN': '未提交', en: 'Missing' },
  drafting: { 'zh-CN': '填报中', en: 'In progress' },
  submitted: { 'zh-CN': '待审核', en: 'Awaiting review' },
  returned: { 'zh-CN': '已退回', en: 'Returned' },
  done: { 'zh-CN': '已完成', en: 'Done' },
  overdue: { 'zh-CN': '已逾期', en: 'Overdue' },
};

export const NOMINATION_KIND_LABELS: Labels<TNominationKind> = {
  learningStar: { 'zh-CN': '百姓学习之星', en: 'Citizen learning star' },
  brandProject: { 'zh-CN': '终身学习品牌项目', en: 'Lifelong-learning brand project' },
};

export const NOMINATION_STATE_LABELS: Labels<TNominationState> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  submitted: { 'zh-CN': '已推荐', en: 'Submitted' },
  returned: { 'zh-CN': '退回修改', en: 'Returned' },
  shortlisted: { 'zh-CN': '入围评审', en: 'Shortlisted' },
  declined: { 'zh-CN': '未入选', en: 'Declined' },
  selected: { 'zh-CN': '拟表彰', en: 'Selected' },
  published: { 'zh-CN': '已公布', en: 'Published' },
};

export const NOMINATION_EVENT_LABELS: Labels<TNominationEventType> = {
  SUBMIT: { 'zh-CN': '提交推荐', en: 'Submit' },
  WITHDRAW: { 'zh-CN': '撤回', en: 'Withdraw' },
  RETURN: { 'zh-CN': '退回修改', en: 'Return' },
  SHORTLIST: { 'zh-CN': '入围', en: 'Shortlist' },
  DECLINE: { 'zh-CN': '不予入选', en: 'Decline' },
  SELECT: { 'zh-CN': '拟表彰', en: 'Select' },
  PUBLISH: { 'zh-CN': '公布', en: 'Publish' },
};
