// A ticket's progress by tracking number and status code.
'use strict';

async function look(e) {
  if (e) e.preventDefault();
  const tracking = document.getElementById('s-tracking').value.trim();
  const token = document.getElementById('s-token').value.trim();
  const box = document.getElementById('result');
  const res = await api(`/api/v1/tickets/status?tracking=${encodeURIComponent(tracking)}&token=${encodeURIComponent(token)}`);
  if (res.status !== 200) {
    box.replaceChildren(el('p', { class: 'error', role: 'alert' }, problemText(res)));
    return;
  }
  const s = res.body;
  box.replaceChildren(el('section', { class: 'card' },
    el('dl', { class: 'facts' },
      el('dt', {}, t('tracking')), el('dd', {}, s.tracking_number),
      el('dt', {}, t('state')), el('dd', { id: 'state' }, s.state_label),
      el('dt', {}, t('received')), el('dd', {}, day(s.received_at), ' ', hhmm(s.received_at)),
      el('dt', {}, t('handled_by')), el('dd', { id: 'handled-by' }, s.handled_by ? s.handled_by.name : '—'),
      el('dt', {}, t('due')), el('dd', {}, s.due ? s.due.due + (s.due.provisional ? ' ' + t('provisional') : '') : '—')),
    s.notice ? el('p', { class: 'notice' }, s.notice) : null,
    s.reply ? el('div', {}, el('h2', {}, t('reply')), el('p', { id: 'reply' }, s.reply)) : null,
    el('h2', {}, t('history')),
    el('ol', {}, ...s.history.map((h) => el('li', {}, `${day(h.at)} ${hhmm(h.at)} `, h.label, h.public_note ? ` — ${h.public_note}` : '')))));
}

document.addEventListener('DOMContentLoaded', () => {
  const q = new URLSearchParams(location.search);
  document.getElementById('s-tracking').value = q.get('tracking') || '';
  document.getElementById('s-token').value = q.get('token') || '';
  document.getElementById('form').addEventListener('submit', look);
  if (q.get('tracking') && q.get('token')) look();
});
