// The operator console: sign in with a key (kept for this tab only), the
// queue, a ticket with its clocks, history, duplicates and actions, and
// statistics drawn as SVG.
'use strict';

const STATES = ['received', 'assigned', 'accepted', 'paused', 'replied', 'closed'];
const TICKET_KINDS = ['enquiry', 'complaint', 'report', 'assistance', 'suggestion'];
const TICKET_CATEGORIES = ['patent', 'trademark', 'copyright', 'geographical_indication', 'agency_misconduct', 'policy', 'legal', 'other'];
const ACTION_LABELS = {
  classify: ['分类', 'Classify'], assign: ['派单', 'Assign'], reassign: ['改派', 'Reassign'], accept: ['签收', 'Accept'], return: ['退单', 'Return'],
  request_info: ['要求补充材料', 'Request information'], suspend: ['中止', 'Suspend'], resume: ['恢复办理', 'Resume'], request_extension: ['申请延期', 'Request extension'],
  grant_extension: ['批准延期', 'Grant extension'], reply: ['答复', 'Reply'], answer: ['直接答复', 'Answer directly'], request_callback: ['申请回访', 'Request callback'],
  callback: ['回访', 'Call back'], close: ['办结', 'Close'], merge: ['合并', 'Merge'], reopen: ['重办', 'Reopen'],
  create: ['登记', 'Created'], escalate: ['超期督办', 'Escalated'], supplement: ['补充材料', 'Information supplied'],
};
const NEEDS = {
  assign: ['outlet_id'], reassign: ['outlet_id', 'note'], return: ['note'], request_info: ['note', 'public_note'], suspend: ['note'],
  request_extension: ['days', 'note'], grant_extension: ['days', 'note'], reply: ['reply'], answer: ['reply'], callback: ['satisfaction', 'note'],
  close: ['close_reason', 'note'], merge: ['merge_into', 'note'], classify: ['kind', 'category'],
};
const key = () => sessionStorage.getItem('ipr-key');
let outlets = [];

function actionLabel(a) { const l = ACTION_LABELS[a]; return l ? l[LANG === 'en' ? 1 : 0] : a; }
function view() { return document.getElementById('view'); }
function select(id, values, label, blank) {
  return el('label', {}, el('span', {}, label), el('select', { id }, blank ? el('option', { value: '' }, t('any')) : null, ...values.map(([v, l]) => el('option', { value: v }, l))));
}

async function loadOutlets() {
  if (outlets.length) return;
  const res = await api('/api/v1/outlets?limit=200');
  outlets = res.status === 200 ? res.body.items.map((o) => [o.id, o.name]) : [];
}

async function queue() {
  await loadOutlets();
  const form = el('form', { id: 'filters' },
    el('div', { class: 'row' },
      select('q-state', STATES.map((s) => [s, stateLabel(s)]), t('state'), true),
      select('q-kind', TICKET_KINDS.map((k) => [k, t(k)]), t('ticket_kind'), true),
      select('q-category', TICKET_CATEGORIES.map((c) => [c, t(c)]), t('category'), true),
      select('q-outlet', outlets, t('outlet'), true),
      el('label', { class: 'check' }, el('input', { id: 'q-overdue', type: 'checkbox' }), el('span', {}, t('overdue'))),
      el('label', { class: 'check' }, el('input', { id: 'q-due-soon', type: 'checkbox' }), el('span', {}, t('due_soon')))),
    el('p', {}, el('button', { type: 'submit' }, t('apply'))));
  const table = el('div', { id: 'queue-table', class: 'table-wrap' });
  form.addEventListener('submit', (e) => { e.preventDefault(); list(table); });
  view().replaceChildren(el('h2', {}, t('queue')), form, table);
  list(table);
}

async function list(box) {
  const q = new URLSearchParams({ limit: 50 });
  for (const [id, name] of [['q-state', 'state'], ['q-kind', 'kind'], ['q-category', 'category'], ['q-outlet', 'outlet']]) {
    const v = document.getElementById(id).value;
    if (v) q.set(name, v);
  }
  if (document.getElementById('q-overdue').checked) q.set('overdue', 'true');
  if (document.getElementById('q-due-soon').checked) q.set('due_soon', 'true');
  const res = await api('/api/v1/tickets?' + q, { key: key() });
  if (res.status !== 200) { box.replaceChildren(el('p', { class: 'error' }, problemText(res))); return; }
  const items = res.body.items;
  if (!items.length) { box.replaceChildren(el('p', { class: 'meta' }, t('no_tickets'))); return; }
  box.replaceChildren(el('table', {},
    el('thead', {}, el('tr', {}, ...[t('tracking'), t('subject'), t('state'), t('outlet'), t('due')].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...items.map((tk) => {
      const running = (tk.clocks || []).find((c) => !c.stopped_at && c.due && c.timer !== 'objection');
      return el('tr', {},
        el('td', {}, el('a', { href: '#ticket/' + tk.id }, tk.tracking_number)),
        el('td', {}, tk.subject),
        el('td', {}, stateLabel(tk.state), tk.overdue ? el('span', { class: 'badge closed' }, t('overdue')) : null),
        el('td', {}, tk.outlet_name || '—'),
        el('td', {}, running ? `${t(running.timer)} ${running.due}` : '—'));
    }))));
}

/** A clock as a bar: elapsed share of its period, green when met, red when late. */
function clockBar(c) {
  const start = new Date(c.started_at).getTime();
  const due = c.due ? new Date(c.due + 'T23:59:59+08:00').getTime() : null;
  const end = c.stopped_at ? new Date(c.stopped_at).getTime() : Date.now();
  const share = due ? Math.max(0.02, Math.min(1, (end - start) / Math.max(due - start, 1))) : 0;
  const late = c.met === false || c.level === 'overdue';
  const colour = late ? '#a4241a' : c.met ? '#1d6b2f' : c.level === 'due_soon' ? '#8a4b00' : '#0b4f9c';
  const status = c.met === true ? t('met') : c.met === false ? t('late') : c.level ? t(c.level) : t('running');
  const label = `${t(c.timer)}: ${t('started')} ${day(c.started_at)}, ${t('due')} ${c.due || '—'}${c.provisional ? ' ' + t('provisional') : ''} · ${status}`;
  const bar = document.createElementNS(CHART_NS, 'svg');
  bar.setAttribute('viewBox', '0 0 100 10');
  bar.setAttribute('preserveAspectRatio', 'none');
  bar.setAttribute('role', 'img');
  bar.setAttribute('aria-label', label);
  bar.append(chartNode('rect', { x: 0, y: 0, width: 100, height: 10, fill: '#e4e4e4' }));
  bar.append(chartNode('rect', { x: 0, y: 0, width: share * 100, height: 10, fill: colour }));
  return el('div', { class: 'clock' }, el('div', { class: 'meta' }, label), bar);
}

function actionForm(tk, action, etag) {
  const fields = NEEDS[action] || [];
  const input = (name) => {
    if (name === 'outlet_id') return select('a-outlet_id', outlets, t('action_outlet'), false);
    if (name === 'satisfaction') return el('label', {}, el('span', {}, t('satisfaction')), el('input', { id: 'a-satisfaction', type: 'number', min: 1, max: 5, value: 5 }));
    if (name === 'days') return el('label', {}, el('span', {}, t('action_days')), el('input', { id: 'a-days', type: 'number', min: 1, max: 60, value: 5 }));
    if (name === 'close_reason') return select('a-close_reason', ['not_accepted', 'referred_out', 'withdrawn'].map((r) => [r, t('reason_' + r)]), t('close_reason'), false);
    if (name === 'kind') return select('a-kind', TICKET_KINDS.map((k) => [k, t(k)]), t('ticket_kind'), false);
    if (name === 'category') return select('a-category', TICKET_CATEGORIES.map((c) => [c, t(c)]), t('category'), false);
    const label = name === 'reply' ? t('action_reply') : name === 'public_note' ? t('action_public_note') : name === 'merge_into' ? t('action_merge_into') : t('action_note');
    return el('label', {}, el('span', {}, label), el('textarea', { id: 'a-' + name }));
  };
  const form = el('form', { class: 'card', id: 'action-form' }, el('h3', {}, actionLabel(action)), ...fields.map(input), el('p', {}, el('button', { type: 'submit', id: 'a-submit' }, actionLabel(action))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { action };
    for (const name of fields) {
      const v = document.getElementById('a-' + name).value.trim();
      if (v) body[name] = ['days', 'satisfaction'].includes(name) ? Number(v) : v;
    }
    const res = await api(`/api/v1/tickets/${tk.id}/actions`, { method: 'POST', body, key: key(), etag });
    if (res.status === 412) { await ticket(tk.id, t('stale')); return; }
    if (res.status !== 200) { form.append(el('p', { class: 'error', role: 'alert' }, problemText(res))); return; }
    await ticket(tk.id, t('done'));
  });
  return form;
}

async function ticket(id, message) {
  await loadOutlets();
  const res = await api('/api/v1/tickets/' + encodeURIComponent(id), { key: key() });
  if (res.status !== 200) { view().replaceChildren(el('p', { class: 'error' }, problemText(res))); return; }
  const tk = res.body;
  const actions = el('div', { class: 'actions', id: 'actions' });
  const formBox = el('div', { id: 'action-box' });
  for (const a of tk.allowed_actions) {
    actions.append(el('button', { type: 'button', class: 'secondary', 'data-action': a, onclick: () => formBox.replaceChildren(actionForm(tk, a, res.etag)) }, actionLabel(a)));
  }
  view().replaceChildren(
    el('p', {}, el('a', { href: '#queue' }, t('back'))),
    message ? el('p', { class: message === t('stale') ? 'notice' : 'success', role: 'status' }, message) : null,
    el('h2', {}, `${tk.tracking_number} · ${tk.subject}`),
    el('dl', { class: 'facts' },
      el('dt', {}, t('state')), el('dd', { id: 'ticket-state' }, stateLabel(tk.state)),
      el('dt', {}, t('ticket_kind')), el('dd', {}, t(tk.kind), ' · ', t(tk.category)),
      el('dt', {}, t('outlet')), el('dd', {}, tk.outlet_name || '—'),
      el('dt', {}, t('description')), el('dd', {}, tk.description),
      tk.reply ? [el('dt', {}, t('reply')), el('dd', {}, tk.reply)] : null),
    el('h3', {}, t('clocks')), ...tk.clocks.filter((c) => c.timer !== 'objection').map(clockBar),
    actions, formBox,
    el('h3', {}, t('possible_duplicates')),
    (tk.possible_duplicates || []).length ? el('ul', {}, ...tk.possible_duplicates.map((d) => el('li', {}, el('a', { href: '#ticket/' + d.id }, d.tracking_number || d.id), ' ', d.subject || ''))) : el('p', { class: 'meta' }, t('no_data')),
    el('h3', {}, t('history')),
    el('div', { class: 'table-wrap' }, el('table', {},
      el('tbody', {}, ...tk.history.map((h) => el('tr', {}, el('td', {}, `${day(h.at)} ${hhmm(h.at)}`), el('td', {}, actionLabel(h.action)), el('td', {}, h.note || '')))))));
}

function mondayOf(d) {
  const x = new Date(d);
  x.setUTCDate(x.getUTCDate() - ((x.getUTCDay() + 6) % 7));
  return x;
}

async function stats() {
  const res = await api('/api/v1/stats/tickets', { key: key() });
  if (res.status !== 200) { view().replaceChildren(el('p', { class: 'error' }, problemText(res))); return; }
  const s = res.body;
  const name = (id) => s.names[id] || id;
  const byOutlet = Object.entries(s.outlets);
  const weeks = [];
  const thisMonday = mondayOf(Date.now() + 8 * 3600 * 1000);
  for (let i = 7; i >= 0; i--) {
    const from = new Date(thisMonday); from.setUTCDate(from.getUTCDate() - 7 * i);
    const to = new Date(from); to.setUTCDate(to.getUTCDate() + 6);
    const [f, tt] = [from, to].map((d) => d.toISOString().slice(0, 10));
    const w = await api(`/api/v1/stats/tickets?from=${f}&to=${tt}`, { key: key() });
    const received = w.status === 200 ? Object.values(w.body.tiers).reduce((n, x) => n + x.received, 0) : 0;
    weeks.push([f.slice(5), received]);
  }
  view().replaceChildren(el('h2', {}, t('stats')),
    barChart(t('on_time_by_outlet'), byOutlet.map(([id, x]) => [name(id), x.on_time_pct]), 100),
    barChart(t('overdue_by_outlet'), byOutlet.map(([id, x]) => [name(id), x.overdue_now])),
    barChart(t('by_tier'), Object.entries(s.tiers).map(([tier, x]) => [tierLabel(tier), x.on_time_pct]), 100),
    barChart(t('overdue_by_tier'), Object.entries(s.tiers).map(([tier, x]) => [tierLabel(tier), x.overdue_now])),
    columnChart(t('per_week'), weeks));
}

function route() {
  if (!key()) {
    document.getElementById('signin').classList.remove('hidden');
    document.getElementById('tabs').classList.add('hidden');
    view().replaceChildren();
    return;
  }
  document.getElementById('signin').classList.add('hidden');
  document.getElementById('tabs').classList.remove('hidden');
  const hash = location.hash.slice(1);
  if (hash.startsWith('ticket/')) ticket(decodeURIComponent(hash.slice(7)));
  else if (hash === 'stats') stats();
  else queue();
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('signin').addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = document.getElementById('key').value.trim();
    const res = await api('/api/v1/tickets?limit=1', { key: value });
    if (res.status !== 200) {
      e.target.querySelector('.error')?.remove();
      e.target.append(el('p', { class: 'error', role: 'alert' }, problemText(res)));
      return;
    }
    sessionStorage.setItem('ipr-key', value);
    document.getElementById('key').value = '';
    route();
  });
  document.getElementById('signout').addEventListener('click', () => { sessionStorage.removeItem('ipr-key'); location.hash = ''; route(); });
  window.addEventListener('hashchange', route);
  route();
});
