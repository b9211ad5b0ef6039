// audit-chart.js: a horizontal stacked bar chart in inline SVG, drawn here (no chart library:
// the page must work offline and from any static server). Horizontal, because the labels are
// Chinese unit names and rule titles, too long to stand under vertical bars. Each bar is split
// by severity. All text is set with textContent.

const SVG = 'http://www.w3.org/2000/svg';
const COLORS = { error: '#c0262d', warning: '#e09b1a', info: '#3a78c2' };
const NAMES = { error: '错误', warning: '警告', info: '提示' };
const ORDER = ['error', 'warning', 'info'];

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Approximate width of `text` at `size` px: CJK characters are square, Latin about half. */
function textWidth(text, size) {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\uffff]/.test(ch) ? size : size * 0.58;
  return w;
}

function fit(text, width, size) {
  if (textWidth(text, size) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (textWidth(`${out}${ch}…`, size) > width) break;
    out += ch;
  }
  return `${out}…`;
}

/** A round step for about five grid lines up to `max`. */
function step(max) {
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? p * 10;
}

/**
 * rows: [{ label, key, error, warning, info }] (drawn in the given order, the first `limit`).
 * Returns an <svg> `width` units wide that scales to its container's width.
 */
export function barChart(rows, { title, limit = 15, onSelect, width = 820 } = {}) {
  const shown = rows.slice(0, limit);
  // Drawn at the container's width (not scaled down from a fixed one), so text stays legible.
  const labelWidth = Math.round(Math.min(250, width * 0.38));
  const right = 56;
  const top = 34;
  const rowHeight = 26;
  const height = top + shown.length * rowHeight + 26;
  const plot = width - labelWidth - right;
  const max = Math.max(1, ...shown.map((r) => ORDER.reduce((s, k) => s + (r[k] ?? 0), 0)));
  const tick = step(max);
  const scaleMax = Math.ceil(max / tick) * tick;
  const x = (v) => labelWidth + (v / scaleMax) * plot;

  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, width: '100%', role: onSelect ? 'group' : 'img', 'aria-labelledby': 'chart-title chart-desc',
    class: 'bar-chart', 'font-size': 13,
  });
  root.append(svg('title', { id: 'chart-title' }, title ?? ''));
  root.append(svg('desc', { id: 'chart-desc' }, shown.map((r) => `${r.label}：${ORDER.map((k) => `${NAMES[k]}${r[k] ?? 0}`).join('，')}`).join('；')));

  // Legend.
  let lx = labelWidth;
  for (const k of ORDER) {
    root.append(svg('rect', { x: lx, y: 8, width: 12, height: 12, fill: COLORS[k], rx: 2 }));
    root.append(svg('text', { x: lx + 17, y: 19, fill: '#444' }, NAMES[k]));
    lx += 64;
  }

  // Grid and axis labels.
  for (let v = 0; v <= scaleMax; v += tick) {
    root.append(svg('line', { x1: x(v), x2: x(v), y1: top - 4, y2: height - 22, stroke: v ? '#e4e6eb' : '#9aa0aa' }));
    root.append(svg('text', { x: x(v), y: height - 6, 'text-anchor': 'middle', fill: '#6b7280', 'font-size': 11 }, String(v)));
  }

  shown.forEach((r, i) => {
    const y = top + i * rowHeight;
    const g = svg('g', { class: 'bar', 'data-key': r.key ?? r.label });
    const total = ORDER.reduce((s, k) => s + (r[k] ?? 0), 0);
    g.append(svg('title', {}, `${r.label}：共 ${total} 项（${ORDER.map((k) => `${NAMES[k]} ${r[k] ?? 0}`).join('，')}）`));
    g.append(svg('text', { x: labelWidth - 8, y: y + 17, 'text-anchor': 'end', fill: '#1f2329' }, fit(r.label, labelWidth - 16, 13)));
    let at = 0;
    for (const k of ORDER) {
      const v = r[k] ?? 0;
      if (!v) continue;
      g.append(svg('rect', {
        x: x(at), y: y + 4, width: Math.max(1, x(at + v) - x(at)), height: rowHeight - 8, fill: COLORS[k], class: `seg seg-${k}`,
      }));
      at += v;
    }
    g.append(svg('text', { x: x(total) + 6, y: y + 17, fill: '#1f2329', 'font-weight': 600 }, String(total)));
    if (onSelect) {
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', `筛选：${r.label}`);
      g.addEventListener('click', () => onSelect(r));
      g.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(r);
        }
      });
    }
    root.append(g);
  });
  return root;
}
