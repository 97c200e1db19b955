// An outlet's page: facts, hours for the next 14 days, its service matters.
'use strict';

function addDays(iso, n) {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function limitText(limit) {
  if (!limit) return '';
  return `${limit.days} ${t(limit.day_kind === 'working' ? 'working_days' : 'calendar_days')}`;
}

function matterCard(m) {
  const name = LANG === 'en' && m.name_en ? m.name_en : m.name;
  return el('article', { class: 'card' },
    el('h3', {}, name),
    el('p', {}, m.description),
    m.legal_basis && m.legal_basis.length ? el('p', { class: 'meta' }, t('legal_basis'), ': ', m.legal_basis.join('；')) : null,
    el('h4', {}, t('materials')),
    el('ul', {}, ...(m.materials || []).map((x) => el('li', {}, x.name, ` (${t(x.form === 'original' ? 'original' : 'copy_form')} × ${x.copies})`, x.note ? ` — ${x.note}` : ''))),
    el('h4', {}, t('steps')),
    el('ol', {}, ...(m.steps || []).map((s) => el('li', {}, s.name, s.actor ? ` (${s.actor})` : '', s.limit ? ` · ${t('limit')} ${limitText(s.limit)}` : '', s.description ? ` — ${s.description}` : ''))));
}

document.addEventListener('DOMContentLoaded', async () => {
  const id = new URLSearchParams(location.search).get('id') || '';
  const res = await api('/api/v1/outlets/' + encodeURIComponent(id));
  const facts = document.getElementById('facts');
  if (res.status !== 200) {
    facts.replaceChildren(el('p', { class: 'error' }, res.status === 404 ? t('not_found') : problemText(res)));
    return;
  }
  const o = res.body;
  document.getElementById('name').textContent = LANG === 'en' && o.name_en ? o.name_en : o.name;
  document.title = o.name;
  facts.replaceChildren(
    el('dl', { class: 'facts' },
      el('dt', {}, t('kind')), el('dd', {}, t(o.kind), ' · ', tierLabel(o.tier)),
      el('dt', {}, t('address')), el('dd', {}, o.address),
      el('dt', {}, t('phone')), el('dd', {}, ...o.phones.map((p, j) => [j ? ', ' : '', el('a', { href: 'tel:' + p }, p)]))),
    el('p', { class: 'links' },
      ...['amap', 'baidu', 'tencent'].map((app) => el('a', { href: `/map/directions/${encodeURIComponent(o.id)}?app=${app}` }, t(app))),
      el('a', { href: link('/file?region=' + o.region_code) }, t('file_here')),
      el('a', { href: link('/file?correction=' + encodeURIComponent(o.id)) }, t('report_error'))));
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const hours = await api(`/api/v1/outlets/${encodeURIComponent(id)}/hours?from=${today}&to=${addDays(today, 13)}`);
  const box = document.getElementById('hours');
  if (hours.status === 200 && hours.body.days) {
    box.replaceChildren(el('table', {},
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('date')), el('th', { scope: 'col' }, t('hours')))),
      el('tbody', {}, ...hours.body.days.map((d) => el('tr', {}, el('td', {}, d.date), el('td', {}, d.intervals.length ? intervals(d.intervals) : t('closed_today')))))));
  } else {
    box.replaceChildren(el('p', { class: 'meta' }, t('no_data')));
  }
  const matters = await api(`/api/v1/outlets/${encodeURIComponent(id)}/matters`);
  const items = matters.status === 200 ? matters.body.items : [];
  document.getElementById('matters').replaceChildren(...(items.length ? items.map(matterCard) : [el('p', { class: 'meta' }, t('no_data'))]));
});
