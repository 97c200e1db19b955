// Horizontal and vertical bar charts drawn as SVG (no library).
'use strict';

const CHART_NS = 'http://www.w3.org/2000/svg';

function chartNode(tag, attrs, text) {
  const n = document.createElementNS(CHART_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, v);
  if (text !== undefined) n.textContent = text;
  return n;
}

/** Bars for [label, value] rows, left to right; `max` fixes the scale (e.g. 100 for %). */
function barChart(title, rows, max) {
  const labelWidth = 210, barWidth = 330, rowHeight = 24, width = labelWidth + barWidth + 60;
  const height = Math.max(rows.length, 1) * rowHeight + 10;
  const top = max || Math.max(1, ...rows.map((r) => r[1] || 0));
  const root = chartNode('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  root.append(chartNode('title', {}, title));
  if (!rows.length) root.append(chartNode('text', { x: 8, y: 18, 'font-size': 13, fill: '#4a4a4a' }, t('no_data')));
  rows.forEach(([label, value], i) => {
    const y = 5 + i * rowHeight;
    const short = label.length > 14 ? label.slice(0, 13) + '…' : label;
    root.append(chartNode('text', { x: labelWidth - 6, y: y + 15, 'text-anchor': 'end', 'font-size': 12, fill: '#1b1b1b' }, short));
    const w = value === null || value === undefined ? 0 : (barWidth * value) / top;
    root.append(chartNode('rect', { x: labelWidth, y: y + 3, width: Math.max(w, 0), height: rowHeight - 8, fill: '#a4241a' }));
    root.append(chartNode('text', { x: labelWidth + w + 4, y: y + 15, 'font-size': 12, fill: '#1b1b1b' }, value === null || value === undefined ? '—' : String(value)));
  });
  return el('figure', { class: 'chart' }, el('figcaption', {}, title), root);
}

/** Columns for [label, value] rows (e.g. weeks). */
function columnChart(title, rows) {
  const width = 600, height = 220, base = 190, colWidth = width / Math.max(rows.length, 1);
  const top = Math.max(1, ...rows.map((r) => r[1]));
  const root = chartNode('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  root.append(chartNode('title', {}, title));
  rows.forEach(([label, value], i) => {
    const h = (150 * value) / top;
    const x = i * colWidth + 8;
    root.append(chartNode('rect', { x, y: base - h, width: colWidth - 16, height: h, fill: '#0b4f9c' }));
    root.append(chartNode('text', { x: x + (colWidth - 16) / 2, y: base - h - 4, 'text-anchor': 'middle', 'font-size': 12, fill: '#1b1b1b' }, String(value)));
    root.append(chartNode('text', { x: x + (colWidth - 16) / 2, y: base + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#1b1b1b' }, label));
  });
  return el('figure', { class: 'chart' }, el('figcaption', {}, title), root);
}
