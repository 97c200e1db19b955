// Filing an enquiry, complaint or report (the public intake), or a
// correction of an outlet's listing (纠错), then the receipt.
'use strict';

const KINDS_OF_TICKET = ['enquiry', 'complaint', 'report', 'assistance', 'suggestion'];
const CATEGORIES = ['patent', 'trademark', 'copyright', 'geographical_indication', 'agency_misconduct', 'policy', 'legal', 'other'];
let correction = null;

function fill(select, values, chosen) {
  select.replaceChildren(...values.map((v) => el('option', { value: v }, t(v))));
  if (chosen) select.value = chosen;
}

function field(name) {
  return { subject: 'f-subject', description: 'f-description', kind: 'f-kind', category: 'f-category', 'reporter.name': 'f-name', 'reporter.phone': 'f-phone', 'reporter.email': 'f-email', reporter: 'f-phone' }[name];
}

async function submit(e) {
  e.preventDefault();
  const q = new URLSearchParams(location.search);
  const v = (id) => document.getElementById(id).value.trim();
  const anonymous = document.getElementById('f-anonymous').checked;
  const body = {
    kind: v('f-kind'), category: v('f-category'), subject: v('f-subject'), description: v('f-description'),
    reporter: anonymous ? { anonymous: true } : { name: v('f-name') || null, phone: v('f-phone') || null, email: v('f-email') || null },
  };
  if (correction) {
    body.region_code = correction.region_code;
    body.tags = ['listing_correction', 'outlet:' + correction.id];
  } else if (q.get('region')) {
    body.region_code = q.get('region');
  }
  document.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
  const result = document.getElementById('result');
  const button = e.target.querySelector('button[type=submit]');
  button.disabled = true;
  const res = await api('/api/v1/tickets', { method: 'POST', body });
  button.disabled = false;
  if (res.status !== 201) {
    const input = res.body && document.getElementById(field(res.body.field));
    if (input) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
    result.replaceChildren(el('p', { class: 'error', role: 'alert' }, problemText(res)));
    return;
  }
  const r = res.body;
  const status = link(`/status?tracking=${encodeURIComponent(r.tracking_number)}&token=${encodeURIComponent(r.status_token)}`);
  document.getElementById('form').classList.add('hidden');
  result.replaceChildren(el('div', { class: 'success' },
    el('p', {}, t('submitted')),
    el('dl', { class: 'facts' }, el('dt', {}, t('tracking')), el('dd', { id: 'tracking-number' }, r.tracking_number), el('dt', {}, t('token')), el('dd', {}, r.status_token)),
    r.notice ? el('p', {}, r.notice) : null,
    el('p', {}, el('a', { href: status, id: 'status-link' }, t('see_status')))));
}

document.addEventListener('DOMContentLoaded', async () => {
  const q = new URLSearchParams(location.search);
  fill(document.getElementById('f-kind'), KINDS_OF_TICKET, 'enquiry');
  fill(document.getElementById('f-category'), CATEGORIES, 'other');
  if (q.get('correction')) {
    const res = await api('/api/v1/outlets/' + encodeURIComponent(q.get('correction')));
    if (res.status === 200) {
      correction = res.body;
      document.getElementById('title').textContent = t('correction_title');
      fill(document.getElementById('f-kind'), KINDS_OF_TICKET, 'suggestion');
      document.getElementById('f-subject').value = `${t('correction_title')}：${correction.name}`;
    }
  }
  document.getElementById('form').addEventListener('submit', submit);
});
