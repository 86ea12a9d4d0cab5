import type { TDeadline, TLocale } from './domain.js';

/**
 * Field messages of our own refinements. Schemas carry the key (`lw.…`) as their
 * message; the API and the apps translate it with `fieldMessage`. Zod's own messages
 * come from its zh-CN / en locales.
 */
export const FIELD_MESSAGES = {
  'lw.endsBeforeStart': { 'zh-CN': '结束时间不能早于开始时间', en: 'Must not be before the start time' },
  'lw.phone': { 'zh-CN': '请输入有效的手机号或座机号（如 13812345678 或 0519-85123456）', en: 'Enter a valid mobile or landline number' },
  'lw.duplicateAudience': { 'zh-CN': '活动对象不能重复', en: 'Audiences must not repeat' },
  'lw.blank': { 'zh-CN': '不能为空', en: 'Must not be blank' },
  'lw.deskNeedsVenue': { 'zh-CN': '签到台链接须选择会场', en: 'Choose the venue of the desk link' },
  'lw.scannedInFuture': { 'zh-CN': '扫码时间晚于服务器时间，请校准设备时钟', en: 'The scan time is in the future; check the device clock' },
  'lw.unknownUnit': { 'zh-CN': '没有这个单位', en: 'No such unit' },
  'lw.unitNotInvited': { 'zh-CN': '该单位不在本次活动的参与单位中', en: 'This unit is not taking part in this campaign' },
  'lw.unknownAttendee': { 'zh-CN': '名单中没有此人', en: 'Not on the list' },
  'lw.notXlsx': { 'zh-CN': '不是有效的 .xlsx 文件', en: 'Not a valid .xlsx file' },
  'lw.noSheet': { 'zh-CN': '文件中没有工作表', en: 'The file has no sheet' },
  'lw.xlsxRequired': { 'zh-CN': '请上传 .xlsx 文件', en: 'Upload an .xlsx file' },
  'lw.fileRequired': { 'zh-CN': '请选择要上传的照片', en: 'Choose a photo to upload' },
  'lw.photoNotImage': {
    'zh-CN': '不是图片文件：请上传 JPEG、PNG、WebP 或 HEIC 照片',
    en: 'Not an image: upload a JPEG, PNG, WebP or HEIC photo',
  },
  'lw.photoUnreadable': {
    'zh-CN': '无法读取这张图片，请转为 JPEG 后再上传',
    en: 'This image cannot be read; convert it to JPEG and upload again',
  },
  'lw.photoTooLarge': { 'zh-CN': '照片不能超过 15 MB', en: 'A photo must not exceed 15 MB' },
  'lw.photoTooSmall': { 'zh-CN': '照片分辨率太低：长边至少 1024 像素', en: 'Resolution too low: the long side must be at least 1024 px' },
  'lw.photoTooManyPixels': { 'zh-CN': '照片像素过多：不能超过 5000 万像素', en: 'Too many pixels: a photo may have at most 50 megapixels' },
  'lw.photoBlank': {
    'zh-CN': '照片是一片纯色，看不到任何内容，请换一张',
    en: 'The photo is one flat colour with nothing in it; choose another',
  },
  'lw.photoLimit': { 'zh-CN': '已上传 3 张照片，请先删除一张再上传', en: '3 photos are already uploaded; remove one first' },
  'lw.photoDuplicate': { 'zh-CN': '这张照片与已上传的照片相同', en: 'This photo is the same as one already uploaded' },
  'lw.photoActivity': { 'zh-CN': '请选择本单位的一项活动', en: 'Choose one of your unit’s activities' },
  'lw.weekOrder': { 'zh-CN': '活动周结束时间须晚于开始时间', en: 'The week must end after it starts' },
  'lw.summaryAfterWeek': { 'zh-CN': '总结截止时间不能早于活动周结束', en: 'Summaries cannot be due before the week ends' },
  'lw.planBeforeWeek': { 'zh-CN': '方案截止时间不能晚于活动周开始', en: 'Plans must be due by the start of the week' },
  'lw.launchInWeek': { 'zh-CN': '启动仪式须在活动周内', en: 'The launch ceremony must be inside the week' },
  'lw.campaignExists': { 'zh-CN': '已有同一年份、同名的推进周', en: 'A campaign with this year and title exists' },
  'lw.noticeToken': {
    'zh-CN':
      '含有不认识的占位符，可用：{year} {theme} {week} {launchAt} {launchVenue} {planDueAt} {summaryDueAt} {photosRequired} {fourOnesUnits} {freeClassUnits}',
    en: 'Unknown placeholder; use {year} {theme} {week} {launchAt} {launchVenue} {planDueAt} {summaryDueAt} {photosRequired} {fourOnesUnits} {freeClassUnits}',
  },
  'lw.noticeYear': { 'zh-CN': '成文日期须在 2000 年至 2100 年之间', en: 'The date must be between 2000 and 2100' },
  'lw.noticeIssued': {
    'zh-CN': '已编发文字号的通知，发文机关、代字、标题和成文年份不能再改',
    en: 'Once numbered, the issuing body, its code, the title and the year cannot change',
  },
  'lw.noticeMissing': { 'zh-CN': '请先填写并保存通知', en: 'Write and save the notice first' },
  'lw.noticeNumbered': { 'zh-CN': '该通知已编发文字号', en: 'This notice already has its document number' },
  'lw.nominationPhotoLimit': { 'zh-CN': '最多上传 6 张照片，请先删除一张', en: 'At most 6 photos; remove one first' },
  'lw.quotaRepeated': { 'zh-CN': '同一类单位、同一类典型只能设一个名额', en: 'One quota per unit kind and exemplar kind' },
  'lw.panelApproversOnly': { 'zh-CN': '评审组成员须是在职的审核人', en: 'Panel members must be active approvers' },
  'lw.scoreMissing': { 'zh-CN': '请为每一项评分', en: 'Score every criterion' },
  'lw.scoreUnknown': { 'zh-CN': '没有这个评分项', en: 'No such criterion' },
  'lw.importToken': { 'zh-CN': '确认码无效，请重新预览导入内容', en: 'Invalid confirmation token; preview the import again' },
  'lw.townExists': { 'zh-CN': '已有这个镇（街道）', en: 'This town already exists' },
  'lw.heldBeforeStart': {
    'zh-CN': '活动尚未开始，开始后才能登记为已举办',
    en: 'The activity has not started yet; it can be recorded as held once it starts',
  },
  'lw.cancelNeedsReason': { 'zh-CN': '取消活动须填写原因', en: 'Give the reason for cancelling' },
  'lw.heldNeedsParticipants': { 'zh-CN': '标记为已举办时须填写实际参与人数', en: 'Actual participants are required when held' },
  'lw.textControl': {
    'zh-CN': '含有不可见的控制字符（如 NUL），请删除后重试',
    en: 'Contains an invisible control character (such as NUL); remove it',
  },
  'lw.textLineBreak': { 'zh-CN': '只能填写一行，不能包含换行或制表符', en: 'Must be a single line, without line breaks or tabs' },
  'lw.textSurrogate': {
    'zh-CN': '含有无效的字符编码（不成对的代理项），请重新输入',
    en: 'Contains an invalid character (an unpaired surrogate); type it again',
  },
  'lw.textBidi': { 'zh-CN': '含有改变文字方向的控制字符，请删除后重试', en: 'Contains a text-direction control character; remove it' },
  'lw.textInvisible': { 'zh-CN': '不能只包含空白或不可见字符', en: 'Must not consist of blank or invisible characters only' },
  'lw.textForbidden': {
    'zh-CN': '含有不允许使用的特殊字符（隐藏标签、填充符、非字符或超宽字符），请删除后重试',
    en: 'Contains a character that is not allowed (a hidden tag, a filler, a non-character or an oversized ligature); remove it',
  },
  'lw.invalidValue': { 'zh-CN': '此项的值无效，请检查后重新填写', en: 'This value is not valid; check it and try again' },
  'lw.auditKind': { 'zh-CN': '没有这种操作类型', en: 'No such kind of action' },
  'lw.rangeOrder': { 'zh-CN': '结束时间不能早于开始时间', en: 'The end must not be before the start' },
  'lw.passwordTooShort': { 'zh-CN': '密码至少 10 位', en: 'A password has at least 10 characters' },
  'lw.passwordTooLong': { 'zh-CN': '密码不能超过 128 位', en: 'A password has at most 128 characters' },
  'lw.passwordOneKind': { 'zh-CN': '密码须包含字母、数字、符号中的至少两类', en: 'Use at least two of: letters, digits, symbols' },
  'lw.passwordHasUsername': { 'zh-CN': '密码不能包含账号名', en: 'The password must not contain the username' },
  'lw.passwordSameAsCurrent': { 'zh-CN': '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
  'lw.currentPasswordWrong': { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  'lw.resetLinkInvalid': {
    'zh-CN': '重置链接无效、已使用或已过期（有效期 30 分钟），请重新申请',
    en: 'This reset link is invalid, used or expired (valid 30 minutes); ask for a new one',
  },
  'lw.resetNeedsEmail': {
    'zh-CN': '该账号没有电子邮箱，或本系统未配置邮件发送，请改用一次性密码',
    en: 'This account has no email address or the service sends no email: use a one-time password',
  },
  'lw.notYourself': {
    'zh-CN': '不能对自己的账号执行此操作，请在个人设置中修改密码',
    en: 'Not on your own account: change your password in your settings',
  },
  'lw.returnCommentRequired': { 'zh-CN': '退回时须填写总体意见', en: 'Write an overall comment to return it' },
  'lw.yearsRunningRequired': { 'zh-CN': '终身学习品牌项目须填写持续年数', en: 'A brand project needs its years running' },
  'lw.participantsReachedRequired': { 'zh-CN': '终身学习品牌项目须填写受益人数', en: 'A brand project needs the number of people reached' },
  'lw.email': { 'zh-CN': '请输入有效的电子邮箱地址（如 name@example.com）', en: 'Enter a valid email address (such as name@example.com)' },
} as const satisfies Record<string, Record<TLocale, string>>;
export type TFieldMessageKey = keyof typeof FIELD_MESSAGES;

export function fieldMessage(message: string, locale: TLocale): string {
  return message in FIELD_MESSAGES ? FIELD_MESSAGES[message as TFieldMessageKey][locale] : message;
}

/** Messages of the API's own errors (not field-level), by code. */
export const API_MESSAGES = {
  validationFailed: { 'zh-CN': '提交的内容有误，请按提示修改', en: 'The request has invalid fields' },
  malformedJson: { 'zh-CN': '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  payloadTooLarge: { 'zh-CN': '提交的内容过大', en: 'The request is too large' },
  unauthorized: { 'zh-CN': '请先登录', en: 'Please sign in' },
  // One answer for a wrong password and a deactivated account (or unit): no oracle for the password.
  badCredentials: { 'zh-CN': '用户名或密码错误，或账号已停用', en: 'Wrong username or password, or the account is deactivated' },
  tokenExpired: { 'zh-CN': '登录已过期，请重新登录', en: 'Your session has expired; sign in again' },
  deskLinkEnded: {
    'zh-CN': '签到台链接已失效（已吊销或签到日已过），请向组织者索取新链接',
    en: 'This desk link no longer works (revoked or past the ceremony days): ask the organiser for a new one',
  },
  unitInactive: {
    'zh-CN': '所在单位已停用，账号不能再登录或操作，请联系组织办',
    en: 'Your unit has been deactivated: this account can no longer sign in or make changes; contact the organizer',
  },
  signInLocked: { 'zh-CN': '登录失败次数过多，请稍后再试', en: 'Too many failed sign-in attempts; try again later' },
  passwordChangeRequired: { 'zh-CN': '请先设置新密码', en: 'Set a new password first' },
  sessionEnded: { 'zh-CN': '密码已更改，请用新密码重新登录', en: 'The password was changed: sign in again with the new one' },
  forbidden: { 'zh-CN': '没有权限执行此操作', en: 'You are not allowed to do this' },
  notFound: { 'zh-CN': '未找到该记录', en: 'Not found' },
  staleVersion: { 'zh-CN': '数据已被他人修改，请刷新后重试', en: 'Someone else changed this; reload and try again' },
  eventNotAllowed: { 'zh-CN': '当前状态下不能执行此操作', en: 'This action is not allowed in the current state' },
  guardFailed: { 'zh-CN': '尚不满足提交条件', en: 'The requirements are not met yet' },
  notEditable: { 'zh-CN': '当前状态下不能修改', en: 'This cannot be changed in the current state' },
  campaignClosed: {
    'zh-CN': '本届活动已结束归档，只能查看，不能再修改',
    en: 'This campaign is closed: it can be viewed but no longer changed',
  },
  checkinNotOpen: { 'zh-CN': '不在本签到点的签到时间内', en: 'Outside this check-in point’s opening hours' },
  rehearsalRunning: { 'zh-CN': '已有一场压力演练正在进行，请等它结束', en: 'A load rehearsal is already running; wait for it to end' },
  rehearsalNeedsPublished: {
    'zh-CN': '活动发布后才能进行压力演练（未发布的活动不接受签到）',
    en: 'Publish the campaign first: check-ins, and so a rehearsal, need a published campaign',
  },
  checkinLinkInvalid: {
    'zh-CN': '签到二维码无效或已更换，请扫描现场张贴的二维码',
    en: 'This check-in QR code is invalid or has been replaced; scan the one posted at the venue',
  },
  checkinDeviceFull: {
    'zh-CN': '一部手机最多为 6 人签到，其他人请用自己的手机或到签到台登记',
    en: 'One phone can check in at most 6 people; the others can use their own phone or the desk',
  },
  checkinKeyReused: {
    'zh-CN': '此签到编号已用于另一人，请重新扫码',
    en: 'This check-in key was already used for another person; scan again',
  },
  tooManyRequests: { 'zh-CN': '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  importNeedsConfirm: {
    'zh-CN': '导入会修改或删除已有内容，请先查看变更并确认',
    en: 'This import would change or remove what is there; review the changes and confirm',
  },
  conflict: { 'zh-CN': '与已有记录冲突', en: 'Conflicts with an existing record' },
  noCjkFont: {
    'zh-CN': '服务器未安装中文字体（如 fonts-noto-cjk），无法生成海报',
    en: 'No Chinese font on the server (install fonts-noto-cjk) to make the poster',
  },
  serviceUnavailable: { 'zh-CN': '服务暂时不可用，请稍后重试', en: 'The service is temporarily unavailable; try again in a moment' },
  pdfUnavailable: {
    'zh-CN': '此服务器未安装 LibreOffice，无法生成 PDF，请下载 Word 版',
    en: 'This server cannot print PDF (LibreOffice is not installed); download the Word document',
  },
  requestTimeout: {
    'zh-CN': '请求内容发送超时，请检查网络后重试',
    en: 'The request took too long to arrive; check the connection and try again',
  },
  internal: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
  confirmationRequired: { 'zh-CN': '此操作需要确认', en: 'This needs your confirmation' },
  noticeRunning: { 'zh-CN': '公示期尚未结束，公示期满后才能公布', en: 'The public notice period has not ended; publish after it ends' },
} as const satisfies Record<string, Record<TLocale, string>>;
export type TApiMessageCode = keyof typeof API_MESSAGES;

/** Fills a message's `{name}` placeholders. */
export const formatMessage = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

/**
 * Notices' titles (the bell's line, the heart of the email), by kind. Placeholders: `{owed}` (the
 * deadline's deliverables, NOTICE_OWED), `{due}` (the due date in China time), `{unit}`, `{town}`,
 * `{name}` (a nomination's).
 */
export const NOTICE_MESSAGES = {
  planReturned: {
    'zh-CN': '实施方案被退回，请按意见修改后重新提交',
    en: 'The plan was returned: revise it as commented and submit it again',
  },
  planApproved: { 'zh-CN': '实施方案已审核通过', en: 'The plan was approved' },
  summaryReturned: {
    'zh-CN': '活动总结被退回，请按意见修改后重新提交',
    en: 'The summary was returned: revise it as commented and submit it again',
  },
  summaryAccepted: { 'zh-CN': '活动总结已审核通过', en: 'The summary was accepted' },
  deadlineReminder: { 'zh-CN': '{owed}将于 {due} 截止，请按时提交', en: 'The {owed} are due on {due}: please submit them on time' },
  overdue: {
    'zh-CN': '{owed}已逾期（截止 {due}），请尽快提交',
    en: 'The {owed} are overdue (due {due}): please submit them as soon as possible',
  },
  escalation: {
    'zh-CN': '{unit}（{town}）的{owed}已逾期（截止 {due}），请督促提交',
    en: '{unit} ({town}): the {owed} are overdue (due {due}); please follow it up',
  },
  planSubmitted: {
    'zh-CN': '{unit}（{town}）已提交实施方案和活动安排表，请审核',
    en: '{unit} ({town}) submitted the plan and schedule: please review them',
  },
  summarySubmitted: {
    'zh-CN': '{unit}（{town}）已提交活动总结和典型照片，请审核',
    en: '{unit} ({town}) submitted the summary and photos: please review them',
  },
  campaignPublished: {
    'zh-CN': '活动通知已发布：请于 {due} 前提交实施方案和活动安排表',
    en: 'The campaign is published: submit the plan and schedule by {due}',
  },
  datesChanged: { 'zh-CN': '活动日期已调整，请按新的时间安排', en: 'The campaign’s dates changed: please plan by the new ones' },
  nominationShortlisted: { 'zh-CN': '推荐对象“{name}”已入围', en: 'The nomination “{name}” was shortlisted' },
  nominationReturned: {
    'zh-CN': '推荐对象“{name}”被退回，请按意见修改后重新提交',
    en: 'The nomination “{name}” was returned: revise it as commented and submit it again',
  },
  nominationPublished: { 'zh-CN': '推荐对象“{name}”已入选并公布', en: 'The nomination “{name}” was selected and published' },
} as const satisfies Record<string, Record<TLocale, string>>;

/** What each deadline asks for, as a notice names it. */
export const NOTICE_OWED = {
  plan: { 'zh-CN': '实施方案和活动安排表', en: 'plan and schedule' },
  summary: { 'zh-CN': '活动总结和典型照片', en: 'summary and photos' },
} as const satisfies Record<TDeadline, Record<TLocale, string>>;

/** The dates of a campaign a change of dates names (the `datesChanged` notice), in the timeline's order. */
export const NOTICE_DATES = {
  planDueAt: { 'zh-CN': '实施方案截止', en: 'Plan due' },
  weekStartsAt: { 'zh-CN': '活动周开始', en: 'Week starts' },
  weekEndsAt: { 'zh-CN': '活动周结束', en: 'Week ends' },
  launchAt: { 'zh-CN': '启动仪式', en: 'Launch ceremony' },
  summaryDueAt: { 'zh-CN': '活动总结截止', en: 'Summary due' },
} as const satisfies Record<string, Record<TLocale, string>>;
export type TNoticeDate = keyof typeof NOTICE_DATES;

/** The answer to a check-in. Placeholder: `{time}` (of the first check-in, China time). */
export const CHECKIN_MESSAGES = {
  checkedIn: { 'zh-CN': '签到成功', en: 'Checked in' },
  alreadyCheckedIn: { 'zh-CN': '已于 {time} 签到', en: 'Already checked in at {time}' },
  alreadyCounted: { 'zh-CN': '已签到，不会重复计数', en: 'Already checked in; counted once' },
  held: { 'zh-CN': '已收到，签到人数较多，工作人员核对后计入', en: 'Received: many people are checking in, staff will confirm it' },
} as const satisfies Record<string, Record<TLocale, string>>;
