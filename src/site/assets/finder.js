// The citizen finder: a position (browser, map click, region picker or the
// page address), the nearest outlets, and who is responsible there.
'use strict';

const KINDS = ['public_service_center', 'trademark_acceptance_window', 'trademark_brand_station', 'protection_assistance_center', 'protection_center', 'fast_protection_center', 'patent_agency_office', 'service_workstation', 'information_service_point'];
// Positions are kept in the base map's coordinate system, so that outlets and
// the position are drawn where the tiles show them.
const MAP_SYS = document.documentElement.dataset.coordSys || 'wgs84';
let position = null; // {lng, lat, sys}
let map = null;
let countyCode = null;

function options(select, items, blank) {
  select.replaceChildren(el('option', { value: '' }, blank), ...items.map(([v, label]) => el('option', { value: v }, label)));
}

async function loadRegions(select, path) {
  const res = await api(path);
  const items = res.status === 200 ? res.body.items || res.body : [];
  select.regions = items;
  // Seats come in the base map's system (asked with coord_sys below).
  options(select, items.map((r) => [r.code, r.name]), t('choose'));
}

async function setPosition(lng, lat, sys) {
  if ((sys || 'wgs84') !== MAP_SYS) {
    const res = await api(`/map/convert?lat=${lat}&lng=${lng}&from=${sys}&to=${MAP_SYS}`);
    if (res.status !== 200) { document.getElementById('position').textContent = problemText(res); return; }
    ({ lng, lat } = res.body);
  }
  position = { lng, lat, sys: MAP_SYS };
  const url = new URL(location.href);
  url.searchParams.set('lat', lat.toFixed(6));
  url.searchParams.set('lng', lng.toFixed(6));
  url.searchParams.set('coord_sys', position.sys);
  history.replaceState(null, '', url.pathname + url.search);
  document.getElementById('position').textContent = `${t('position_at')}: ${lat.toFixed(5)}, ${lng.toFixed(5)}`;
  refresh();
}

function query() {
  const q = new URLSearchParams({ lat: position.lat, lng: position.lng, coord_sys: position.sys, limit: 10 });
  const kind = document.getElementById('kind').value;
  const matter = document.getElementById('matter').value;
  if (kind) q.set('kind', kind);
  if (matter) q.set('matter', matter);
  if (document.getElementById('open-now').checked) q.set('open_now', 'true');
  return q;
}

async function refresh() {
  if (!position) return;
  const status = document.getElementById('results-status');
  const list = document.getElementById('results');
  const res = await api('/api/v1/outlets/nearest?' + query());
  if (res.status !== 200) {
    list.replaceChildren();
    status.replaceChildren(el('p', { class: 'error' }, problemText(res)));
    return;
  }
  const items = res.body.items;
  status.replaceChildren(items.length ? '' : el('p', { class: 'notice' }, t('no_results')));
  list.replaceChildren(...items.map(card));
  map.show(items.map((o) => ({ lng: o.location.lng, lat: o.location.lat, label: o.name })), { lng: position.lng, lat: position.lat, label: t('position_at') });
  responsible();
}

function openingLine(o) {
  const open = o.opening;
  if (!open) return null;
  const now = open.open_now ? el('span', { class: 'badge open' }, t('open')) : el('span', { class: 'badge closed' }, t('closed_now'));
  const next = !open.open_now && open.next_open_at ? ` ${t('next_open')} ${day(open.next_open_at)} ${hhmm(open.next_open_at)}` : '';
  const today = open.today && open.today.length ? ` · ${t('today')} ${intervals(open.today)}` : ` · ${t('closed_today')}`;
  return el('p', { class: 'meta' }, now, next, today);
}

function card(o, i) {
  const copy = el('button', { type: 'button', class: 'secondary', onclick: async (e) => {
    try { await navigator.clipboard.writeText(o.address); e.target.textContent = t('copied'); } catch (_) { /* clipboard refused */ }
  } }, t('copy'));
  return el('li', { class: 'card' },
    el('h3', {}, `${i + 1}. `, el('a', { href: link('/outlet?id=' + encodeURIComponent(o.id)) }, o.name)),
    el('p', { class: 'meta' }, t(o.kind), ' · ', t('distance'), ' ', distance(o.distance_m)),
    openingLine(o),
    o.phones.length ? el('p', { class: 'meta' }, t('phone'), ': ', ...o.phones.map((p, j) => [j ? ', ' : '', el('a', { href: 'tel:' + p }, p)])) : null,
    el('p', { class: 'meta' }, t('address'), ': ', o.address, ' ', copy),
    el('p', { class: 'links' }, t('directions'), ':',
      ...['amap', 'baidu', 'tencent'].map((app) => el('a', { href: `/map/directions/${encodeURIComponent(o.id)}?app=${app}`, rel: 'noopener' }, t(app))),
      el('a', { href: link('/file?region=' + o.region_code) }, t('file_here'))));
}

async function responsible() {
  const box = document.getElementById('jurisdiction');
  const res = await api(`/api/v1/regions/locate?lat=${position.lat}&lng=${position.lng}&coord_sys=${position.sys}`);
  if (res.status !== 200) {
    box.replaceChildren(el('p', { class: 'error' }, problemText(res)));
    return;
  }
  const chain = res.body.chain || [];
  countyCode = chain.length ? chain[chain.length - 1].region.code : null;
  box.replaceChildren(el('ul', { class: 'cards' }, ...chain.map((step) => el('li', { class: 'card' },
    el('h3', {}, tierLabel(step.tier), ' · ', step.region.name),
    el('p', { class: 'meta' }, step.approximate ? t('approximate') : t('exact')),
    step.outlets.length
      ? el('ul', {}, ...step.outlets.map((o) => el('li', {}, el('a', { href: link('/outlet?id=' + encodeURIComponent(o.id)) }, o.name), ' · ', t(o.kind))))
      : el('p', { class: 'meta' }, t('none_here'))))));
}

function locate() {
  const note = document.getElementById('position');
  if (!navigator.geolocation) { note.textContent = t('locate_failed'); return; }
  note.textContent = t('locating');
  navigator.geolocation.getCurrentPosition(
    (p) => setPosition(p.coords.longitude, p.coords.latitude, 'wgs84'),
    () => { note.textContent = t('locate_failed'); },
    { timeout: 10000 });
}

function pickRegion(select, next, nextNext) {
  select.addEventListener('change', async () => {
    const region = (select.regions || []).find((r) => r.code === select.value);
    if (next) {
      options(next, [], t('choose'));
      if (nextNext) options(nextNext, [], t('choose'));
      if (select.value) await loadRegions(next, `/api/v1/regions/${select.value}/children?coord_sys=${MAP_SYS}`);
    }
    if (region && region.seat && select.id !== 'province') setPosition(region.seat.lng, region.seat.lat, MAP_SYS);
  });
}

document.addEventListener('DOMContentLoaded', async () => {
  map = new PointMap(document.getElementById('map'), t('map_label'));
  map.onPick((lng, lat) => setPosition(lng, lat, MAP_SYS));
  map.show([], null);
  options(document.getElementById('kind'), KINDS.map((k) => [k, t(k)]), t('any'));
  const matters = await api('/api/v1/matters');
  options(document.getElementById('matter'), matters.status === 200 ? matters.body.items.map((m) => [m.code, LANG === 'en' && m.name_en ? m.name_en : m.name]) : [], t('any'));
  ['kind', 'matter', 'open-now'].forEach((id) => document.getElementById(id).addEventListener('change', refresh));
  document.getElementById('locate').addEventListener('click', locate);
  const [prov, city, county] = ['province', 'city', 'county'].map((id) => document.getElementById(id));
  options(city, [], t('choose'));
  options(county, [], t('choose'));
  pickRegion(prov, city, county);
  pickRegion(city, county, null);
  pickRegion(county, null, null);
  await loadRegions(prov, '/api/v1/regions?level=province&limit=100');
  const q = new URLSearchParams(location.search);
  const lat = parseFloat(q.get('lat')), lng = parseFloat(q.get('lng'));
  if (Number.isFinite(lat) && Number.isFinite(lng)) setPosition(lng, lat, q.get('coord_sys') || 'wgs84');
});
