// Shared by every page: language, labels, API calls and DOM building.
'use strict';

const LANG = document.documentElement.lang === 'en' ? 'en' : 'zh';

const T = {
  brand: ['知识产权公共服务', 'IP public services'],
  nav_find: ['找网点', 'Find an outlet'], nav_file: ['咨询投诉', 'Ask or complain'], nav_status: ['办理进度', 'Track a case'], nav_console: ['坐席工作台', 'Operator console'],
  finder_title: ['查找身边的知识产权服务网点', 'Find IP service outlets near you'],
  where: ['我在哪里', 'Where am I'], use_location: ['使用我的位置', 'Use my location'], map_hint: ['也可以在地图上点选位置，或按省、市、县选择。', 'Or click the map, or pick a province, city and county.'],
  province: ['省份', 'Province'], city: ['城市', 'City'], county: ['区县', 'County'], choose: ['请选择', 'Choose'],
  filters: ['筛选', 'Filters'], kind: ['网点类型', 'Kind of outlet'], any: ['全部', 'Any'], matter: ['服务事项', 'Service matter'], open_now: ['仅看正在办公', 'Open now only'],
  nearest: ['附近的网点', 'Nearest outlets'], responsible: ['谁负责这里（属地）', 'Who is responsible here'], no_position: ['请先确定位置。', 'Choose a position first.'],
  position_at: ['当前位置', 'Position'], locating: ['正在定位…', 'Locating…'], locate_failed: ['无法获取位置，请在地图上点选或按地区选择。', 'Your position is not available: click the map or pick a region.'],
  no_results: ['附近没有符合条件的网点。', 'No outlet matches nearby.'], open: ['正在办公', 'Open now'], closed_now: ['当前休息', 'Closed now'], next_open: ['下次办公', 'Next opening'], today: ['今日', 'Today'], closed_today: ['今日不办公', 'Closed today'],
  distance: ['距离', 'Distance'], phone: ['电话', 'Phone'], address: ['地址', 'Address'], copy: ['复制地址', 'Copy address'], copied: ['已复制', 'Copied'], directions: ['导航', 'Directions'],
  amap: ['高德地图', 'Amap'], baidu: ['百度地图', 'Baidu Maps'], tencent: ['腾讯地图', 'Tencent Maps'], details: ['详情与事项', 'Details and matters'], file_here: ['在此咨询投诉', 'Ask or complain here'],
  approximate: ['（按最近的政府驻地推定，仅供参考）', '(estimated from the nearest seat of government)'], exact: ['（按行政区界确定）', '(from the boundary)'], none_here: ['暂无网点', 'No outlet'],
  map_label: ['网点分布图：红点为网点，蓝点为当前位置', 'Map of outlets: red dots are outlets, the blue dot is your position'],
  outlet_title: ['网点详情', 'Outlet'], hours_14: ['未来14天办公时间', 'Hours for the next 14 days'], date: ['日期', 'Date'], hours: ['办公时间', 'Hours'], matters: ['可办理的服务事项', 'Service matters offered'],
  materials: ['申请材料', 'Materials'], steps: ['办理流程', 'Steps'], limit: ['时限', 'Time limit'], working_days: ['个工作日', 'working days'], calendar_days: ['个自然日', 'calendar days'], report_error: ['信息有误？我要纠错', 'Report an error in this listing'],
  legal_basis: ['依据', 'Legal basis'], original: ['原件', 'original'], copy_form: ['复印件', 'copy'], not_found: ['没有找到。', 'Not found.'],
  file_title: ['咨询、投诉、举报', 'Ask, complain or report'], correction_title: ['网点信息纠错', 'Report an error in a listing'], ticket_kind: ['类型', 'Type'], category: ['领域', 'Area'], subject: ['标题', 'Subject'], description: ['具体情况', 'What happened'],
  your_name: ['姓名', 'Name'], your_phone: ['手机号码', 'Mobile phone'], your_email: ['电子邮箱', 'Email'], anonymous: ['匿名（无法回访）', 'Anonymous (no callback possible)'], submit: ['提交', 'Submit'],
  submitted: ['已受理登记。请保存办件编号和查询码：', 'Received. Keep the tracking number and code:'], tracking: ['办件编号', 'Tracking number'], token: ['查询码', 'Status code'], see_status: ['查看办理进度', 'See the progress'],
  status_title: ['办理进度查询', 'Case progress'], look_up: ['查询', 'Look up'], state: ['状态', 'State'], handled_by: ['办理网点', 'Handled by'], due: ['应办结/签收日期', 'Due'], reply: ['答复', 'Reply'], history: ['办理经过', 'History'], received: ['登记时间', 'Received'],
  console_title: ['坐席工作台', 'Operator console'], sign_in: ['登录', 'Sign in'], sign_out: ['退出', 'Sign out'], api_key: ['API 密钥', 'API key'], key_hint: ['密钥只保存在本标签页，关闭即清除。', 'The key is kept for this tab only.'],
  queue: ['工单队列', 'Queue'], stats: ['统计', 'Statistics'], outlet: ['网点', 'Outlet'], overdue: ['已超期', 'Overdue'], due_soon: ['即将到期', 'Due soon'], apply: ['查询', 'Apply'], no_tickets: ['没有符合条件的工单。', 'No tickets match.'],
  clocks: ['时限', 'Clocks'], possible_duplicates: ['疑似重复', 'Possible duplicates'], action_note: ['备注', 'Note'], action_reply: ['答复内容', 'Reply'], action_outlet: ['转派网点', 'Outlet'], action_days: ['延期天数', 'Days'], satisfaction: ['满意度（1–5）', 'Satisfaction (1–5)'],
  stale: ['工单已被他人更新，已重新载入，请确认后再操作。', 'Someone changed this ticket meanwhile: it was reloaded, check it and try again.'], done: ['已完成', 'Done'], back: ['返回队列', 'Back to the queue'],
  on_time_by_outlet: ['各网点按时答复率（%）', 'On-time rate by outlet (%)'], overdue_by_outlet: ['各网点当前超期工单', 'Overdue now by outlet'], by_tier: ['各层级按时答复率（%）', 'On-time rate by tier (%)'], overdue_by_tier: ['各层级当前超期工单', 'Overdue now by tier'],
  action_public_note: ['告知来电人的说明', 'Note for the caller'], action_merge_into: ['并入的工单编号', 'Merge into ticket'], close_reason: ['办结原因', 'Reason for closing'],
  reason_not_accepted: ['不予受理', 'Not accepted'], reason_referred_out: ['已转其他部门', 'Referred elsewhere'], reason_withdrawn: ['来电人撤回', 'Withdrawn by the caller'], per_week: ['近8周每周受理工单', 'Tickets received per week, last 8 weeks'],
  met: ['按时', 'on time'], late: ['超时', 'late'], running: ['计时中', 'running'], started: ['起算', 'started'], provisional: ['（预估日历）', '(provisional calendar)'], no_data: ['暂无数据', 'No data'],
  enquiry: ['咨询', 'Enquiry'], complaint: ['投诉', 'Complaint'], report: ['举报', 'Report'], assistance: ['维权援助', 'Assistance'], suggestion: ['建议', 'Suggestion'],
  patent: ['专利', 'Patent'], trademark: ['商标', 'Trademark'], copyright: ['版权', 'Copyright'], geographical_indication: ['地理标志', 'Geographical indication'], agency_misconduct: ['代理机构违规', 'Agency misconduct'], policy: ['政策', 'Policy'], legal: ['法律', 'Legal'], other: ['其他', 'Other'],
  public_service_center: ['知识产权公共服务中心', 'IP public service centre'], trademark_acceptance_window: ['商标业务受理窗口', 'Trademark acceptance window'], trademark_brand_station: ['商标品牌指导站', 'Trademark brand guidance station'],
  protection_assistance_center: ['维权援助中心', 'Rights-protection assistance centre'], protection_center: ['知识产权保护中心', 'IP protection centre'], fast_protection_center: ['快速维权中心', 'Fast protection centre'],
  patent_agency_office: ['专利代办处', 'Patent agency office'], service_workstation: ['知识产权服务工作站', 'IP service workstation'], information_service_point: ['信息公共服务网点', 'Information service point'],
  national: ['国家级', 'National'], province_tier: ['省级', 'Province'], city_tier: ['市级', 'City'], county_tier: ['县级', 'County'], park: ['园区级', 'Park'],
  received_state: ['待派单', 'Received'], assigned: ['已派单', 'Assigned'], accepted: ['办理中', 'Accepted'], paused: ['已中止', 'Paused'], replied: ['已答复', 'Replied'], closed: ['已办结', 'Closed'],
  acceptance: ['受理时限', 'Acceptance'], handling: ['办理时限', 'Handling'], objection: ['退单时限', 'Objection'], callback: ['回访时限', 'Callback'],
};

/** The text for a key in the page's language (the key itself when unknown). */
function t(key) {
  const pair = T[key];
  return pair ? pair[LANG === 'en' ? 1 : 0] : key;
}

/** Labels whose keys clash with other words. */
function tierLabel(tier) { return t(['province', 'city', 'county'].includes(tier) ? tier + '_tier' : tier); }
function stateLabel(state) { return t(state === 'received' ? 'received_state' : state); }

/** Builds an element: el('a', {href: '/'}, 'text', child…). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

/** A page link keeping the chosen language. */
function link(path) {
  const url = new URL(path, location.origin);
  if (new URLSearchParams(location.search).get('lang')) url.searchParams.set('lang', LANG);
  return url.pathname + url.search;
}

/** Calls the API; answers {status, body, etag}. Errors never throw. */
async function api(path, options = {}) {
  const headers = { 'Accept-Language': LANG === 'en' ? 'en' : 'zh-CN' };
  if (options.key) headers.Authorization = 'Bearer ' + options.key;
  if (options.etag) headers['If-Match'] = options.etag;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const res = await fetch(path, { method: options.method || 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await res.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (_) { body = text; }
    return { status: res.status, body, etag: res.headers.get('ETag') };
  } catch (e) {
    return { status: 0, body: { detail: String(e) }, etag: null };
  }
}

/** The message of a problem document. */
function problemText(res) {
  if (res.body && typeof res.body === 'object' && res.body.detail) return res.body.detail;
  return (LANG === 'en' ? 'Request failed: ' : '请求失败：') + res.status;
}

/** HH:MM of an RFC 3339 time with its own offset (China Standard Time). */
function hhmm(iso) { return iso ? iso.slice(11, 16) : ''; }
function day(iso) { return iso ? iso.slice(0, 10) : ''; }
function intervals(list) { return (list || []).map((i) => i.opens + '–' + i.closes).join(', '); }
function distance(m) { return m < 1000 ? Math.round(m) + ' m' : (m / 1000).toFixed(m < 10000 ? 1 : 0) + ' km'; }

/** Fills the static texts and the language switch. */
function setUpPage() {
  document.querySelectorAll('[data-t]').forEach((n) => { n.textContent = t(n.dataset.t); });
  document.querySelectorAll('[data-t-label]').forEach((n) => n.setAttribute('aria-label', t(n.dataset.tLabel)));
  const sw = document.getElementById('lang-switch');
  if (sw) {
    const url = new URL(location.href);
    url.searchParams.set('lang', LANG === 'en' ? 'zh' : 'en');
    sw.href = url.pathname + url.search;
    sw.textContent = LANG === 'en' ? '中文' : 'English';
    sw.setAttribute('lang', LANG === 'en' ? 'zh' : 'en');
  }
  document.querySelectorAll('a[data-page]').forEach((a) => { a.href = link(a.dataset.page); });
  if (document.title && T[document.body.dataset.title]) document.title = t(document.body.dataset.title);
}

document.addEventListener('DOMContentLoaded', setUpPage);
