// A small map without a library: Web Mercator, optional base tiles served by
// this server (/map/tiles/z/x/y), points as SVG circles. Points only: no
// administrative boundaries are drawn.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';
const TILE = 256;

function svg(tag, attrs) {
  const n = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, v);
  return n;
}

/** World pixel of a point at zoom z. */
function project(lng, lat, z) {
  const scale = TILE * Math.pow(2, z);
  const s = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return [((lng + 180) / 360) * scale, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale];
}

function unproject(x, y, z) {
  const scale = TILE * Math.pow(2, z);
  const lng = (x / scale) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * y) / scale;
  return [lng, (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)))];
}

class PointMap {
  /** A map in `container`; tiles when the page says the server has them. */
  constructor(container, label) {
    this.container = container;
    this.tiles = document.documentElement.dataset.tiles === 'on';
    this.svg = svg('svg', { role: 'img', 'aria-label': label });
    const title = svg('title');
    title.textContent = label;
    this.svg.append(title);
    container.append(this.svg);
    const attribution = document.documentElement.dataset.attribution;
    if (this.tiles && attribution) container.append(el('div', { class: 'attribution' }, attribution));
    this.view = null;
    this.svg.addEventListener('click', (e) => this.clicked(e));
  }

  /** Shows the points (each {lng, lat, label}) and the user's position. */
  show(points, user) {
    // Nothing to show yet: all of China, so that a click can pick a place.
    const all = points.concat(user ? [user] : []);
    if (!all.length) all.push({ lng: 104, lat: 35.5 });
    const { width, height } = this.container.getBoundingClientRect();
    const w = Math.max(width, 200), h = Math.max(height, 200);
    let z = all.length > 1 ? 16 : points.length || user ? 13 : 4;
    for (; z > 3 && all.length > 1; z--) {
      const px = all.map((p) => project(p.lng, p.lat, z));
      const xs = px.map((p) => p[0]), ys = px.map((p) => p[1]);
      if (Math.max(...xs) - Math.min(...xs) < w - 60 && Math.max(...ys) - Math.min(...ys) < h - 60) break;
    }
    const px = all.map((p) => project(p.lng, p.lat, z));
    const cx = (Math.max(...px.map((p) => p[0])) + Math.min(...px.map((p) => p[0]))) / 2;
    const cy = (Math.max(...px.map((p) => p[1])) + Math.min(...px.map((p) => p[1]))) / 2;
    this.view = { z, left: cx - w / 2, top: cy - h / 2, w, h };
    this.svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    while (this.svg.childNodes.length > 1) this.svg.lastChild.remove();
    if (this.tiles) this.drawTiles();
    points.forEach((p, i) => this.marker(p, '#b3261e', String(i + 1), 11));
    if (user) this.marker(user, '#0b57d0', '', 7);
  }

  drawTiles() {
    const { z, left, top, w, h } = this.view;
    const n = Math.pow(2, z);
    for (let x = Math.floor(left / TILE); x <= Math.floor((left + w) / TILE); x++) {
      for (let y = Math.floor(top / TILE); y <= Math.floor((top + h) / TILE); y++) {
        if (y < 0 || y >= n) continue;
        const img = svg('image', { x: x * TILE - left, y: y * TILE - top, width: TILE, height: TILE, href: `/map/tiles/${z}/${((x % n) + n) % n}/${y}` });
        this.svg.append(img);
      }
    }
  }

  marker(p, colour, text, r) {
    const [x, y] = project(p.lng, p.lat, this.view.z);
    const g = svg('g');
    const title = svg('title');
    title.textContent = p.label || '';
    g.append(title);
    g.append(svg('circle', { cx: x - this.view.left, cy: y - this.view.top, r, fill: colour, stroke: '#fff', 'stroke-width': 2 }));
    if (text) {
      const label = svg('text', { x: x - this.view.left, y: y - this.view.top + 4, 'text-anchor': 'middle', 'font-size': 12, fill: '#fff', 'font-weight': 700 });
      label.textContent = text;
      g.append(label);
    }
    this.svg.append(g);
  }

  /** Calls `handler(lng, lat)` when the map is clicked. */
  onPick(handler) { this.pick = handler; }

  clicked(e) {
    if (!this.view || !this.pick) return;
    const box = this.svg.getBoundingClientRect();
    const x = ((e.clientX - box.left) / box.width) * this.view.w + this.view.left;
    const y = ((e.clientY - box.top) / box.height) * this.view.h + this.view.top;
    const [lng, lat] = unproject(x, y, this.view.z);
    this.pick(lng, lat);
  }
}
