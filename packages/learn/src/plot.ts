/**
 * Minimal SVG charts for training curves and evaluation reports; no dependencies. Labels are measured (roughly,
 * 7 px a character at 12 px) so that margins fit them instead of clipping them.
 */
import { isGroundPlane, type Shape, type World } from '@navstack/sim';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const CHAR_PX = 7;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const textWidth = (s: string) => s.length * CHAR_PX;

/** "Nice" tick values covering [lo, hi]: steps of 1, 2 or 5 x 10^k; integers only when `integer`. */
export function ticks(lo: number, hi: number, target = 5, integer = false): number[] {
  const span = Math.max(hi - lo, 1e-9);
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  if (integer) step = Math.max(1, Math.round(step));
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

export interface LineSeries {
  name: string;
  points: [number, number][];
}

export interface LinePanel {
  title: string;
  yLabel: string;
  series: LineSeries[];
  /** Fixed y range (e.g. [0, 1] for accuracy); default from the data, from 0. */
  yRange?: [number, number];
}

/** One or more line panels stacked vertically, sharing an x axis label; `integerX` for epochs. */
export function lineChartSvg(title: string, xLabel: string, panels: LinePanel[], options: { width?: number; panelHeight?: number; integerX?: boolean } = {}): string {
  const width = options.width ?? 680, ph = options.panelHeight ?? 240;
  const legend = Math.max(...panels.flatMap((p) => p.series.map((s) => textWidth(s.name))), 60) + 40;
  const m = { l: 64, r: legend, t: 40, b: 44 };
  const height = 30 + panels.length * ph;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`, `<rect width="100%" height="100%" fill="white"/>`, `<text x="${m.l}" y="20" font-size="15">${esc(title)}</text>`];
  const allX = panels.flatMap((p) => p.series.flatMap((s) => s.points.map((q) => q[0])));
  const x0 = Math.min(...allX), x1 = Math.max(...allX, x0 + 1);
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (width - m.l - m.r);
  const xt = ticks(x0, x1, 8, options.integerX);
  panels.forEach((panel, pi) => {
    const top = 30 + pi * ph + 14, bottom = 30 + (pi + 1) * ph - m.b + 10;
    const ys = panel.series.flatMap((s) => s.points.map((q) => q[1])).filter(Number.isFinite);
    const [y0, y1] = panel.yRange ?? [Math.min(0, ...ys), Math.max(...ys, 1e-6) * 1.08];
    const sy = (y: number) => bottom - ((y - y0) / (y1 - y0 || 1)) * (bottom - top);
    parts.push(`<text x="${m.l}" y="${top - 4}" font-size="13">${esc(panel.title)}</text>`);
    for (const y of ticks(y0, y1, 5)) parts.push(`<line x1="${m.l}" x2="${width - m.r}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" stroke="#e4e4e4"/><text x="${m.l - 6}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end">${fmtTick(y)}</text>`);
    parts.push(`<line x1="${m.l}" x2="${width - m.r}" y1="${bottom}" y2="${bottom}" stroke="#333"/><line x1="${m.l}" x2="${m.l}" y1="${top}" y2="${bottom}" stroke="#333"/>`);
    parts.push(`<text transform="translate(16 ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(panel.yLabel)}</text>`);
    for (const x of xt) parts.push(`<line x1="${sx(x).toFixed(1)}" x2="${sx(x).toFixed(1)}" y1="${bottom}" y2="${bottom + 4}" stroke="#333"/><text x="${sx(x).toFixed(1)}" y="${bottom + 17}" text-anchor="middle">${fmtTick(x)}</text>`);
    parts.push(`<text x="${(m.l + width - m.r) / 2}" y="${bottom + 33}" text-anchor="middle">${esc(xLabel)}</text>`);
    panel.series.forEach((s, i) => {
      const c = PALETTE[i % PALETTE.length];
      const pts = s.points.filter((q) => Number.isFinite(q[1]));
      parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.map((q) => `${sx(q[0]).toFixed(1)},${sy(q[1]).toFixed(1)}`).join(' ')}"/>`);
      for (const q of pts) parts.push(`<circle cx="${sx(q[0]).toFixed(1)}" cy="${sy(q[1]).toFixed(1)}" r="2.5" fill="${c}"/>`);
      parts.push(`<rect x="${width - m.r + 14}" y="${top + i * 18}" width="12" height="12" fill="${c}"/><text x="${width - m.r + 32}" y="${top + i * 18 + 10}">${esc(s.name)}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function fmtTick(v: number): string {
  return Number.isInteger(v) ? String(v) : Math.abs(v) >= 10 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(2);
}

/** Training curves: loss and accuracy each on its own axes, epochs as integers. */
export function trainingCurvesSvg(name: string, history: { epoch: number; trainLoss: number; valLoss: number; trainAccuracy?: number; valAccuracy: number }[]): string {
  const acc: LineSeries[] = [];
  if (history.some((h) => Number.isFinite(h.trainAccuracy))) acc.push({ name: 'train accuracy', points: history.map((h) => [h.epoch, h.trainAccuracy ?? NaN]) });
  acc.push({ name: 'validation accuracy', points: history.map((h) => [h.epoch, h.valAccuracy]) });
  return lineChartSvg(`${name}: training curves`, 'epoch', [
    { title: 'loss', yLabel: 'loss', series: [{ name: 'train loss', points: history.map((h) => [h.epoch, h.trainLoss]) }, { name: 'validation loss', points: history.map((h) => [h.epoch, h.valLoss]) }] },
    { title: 'accuracy (the best column or "not in view")', yLabel: 'accuracy', series: acc, yRange: [0, 1] },
  ], { integerX: true });
}

export function barChartSvg(title: string, bars: { name: string; value: number }[], options: { max?: number; width?: number; format?: (v: number) => string } = {}): string {
  const fmt = options.format ?? ((v: number) => v.toFixed(2));
  const m = { l: Math.max(60, ...bars.map((b) => textWidth(b.name))) + 20, r: Math.max(...bars.map((b) => textWidth(fmt(b.value))), 30) + 16, t: 34 };
  const width = Math.max(options.width ?? 640, m.l + m.r + 200), height = m.t + bars.length * 26 + 10;
  const max = options.max ?? Math.max(1e-9, ...bars.map((b) => b.value));
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`, `<rect width="100%" height="100%" fill="white"/>`, `<text x="10" y="20" font-size="15">${esc(title)}</text>`];
  bars.forEach((b, i) => {
    const y = m.t + i * 26;
    const w = Math.max(0, (b.value / max) * (width - m.l - m.r));
    parts.push(`<text x="${m.l - 8}" y="${y + 14}" text-anchor="end">${esc(b.name)}</text><rect x="${m.l}" y="${y}" width="${w.toFixed(1)}" height="18" fill="${PALETTE[i % PALETTE.length]}"/><text x="${(m.l + w + 6).toFixed(1)}" y="${y + 14}">${esc(fmt(b.value))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export interface TrajectoryPanel {
  title: string;
  world: World;
  start: { x: number; y: number; yaw: number };
  /** The named object(s): drawn outlined in black. */
  targets: { x: number; y: number; radius: number }[];
  paths: { agent: string; path: [number, number][]; success: boolean }[];
}

function shapePath(s: Shape, tx: (x: number) => number, ty: (y: number) => number, k: number): string {
  const g = s.geometry;
  const colour = `rgb(${Math.round(s.color.r * 255)},${Math.round(s.color.g * 255)},${Math.round(s.color.b * 255)})`;
  if (g.type === 'box') {
    const c = Math.cos(s.pose.yaw), n = Math.sin(s.pose.yaw);
    const hx = g.size[0] / 2, hy = g.size[1] / 2;
    const pts = [[-hx, -hy], [hx, -hy], [hx, hy], [-hx, hy]].map(([a, b]) => `${tx(s.pose.x + a * c - b * n).toFixed(1)},${ty(s.pose.y + a * n + b * c).toFixed(1)}`);
    return `<polygon points="${pts.join(' ')}" fill="${colour}" stroke="#555" stroke-width="0.5"/>`;
  }
  if (g.type === 'cylinder' || g.type === 'sphere') return `<circle cx="${tx(s.pose.x).toFixed(1)}" cy="${ty(s.pose.y).toFixed(1)}" r="${(g.radius * k).toFixed(1)}" fill="${colour}" stroke="#555" stroke-width="0.5"/>`;
  return '';
}

/** Top-down plots (small multiples): the world's shapes, the start (arrow), the target (ringed), each agent's path. */
export function trajectorySvg(title: string, panels: TrajectoryPanel[], options: { panelWidth?: number; columns?: number } = {}): string {
  const pw = options.panelWidth ?? 300, cols = Math.min(options.columns ?? 3, panels.length);
  const agents = [...new Set(panels.flatMap((p) => p.paths.map((q) => q.agent)))];
  const rows = Math.ceil(panels.length / cols);
  const legendH = 24 + agents.length * 16;
  const ph = pw + 24;
  const width = cols * pw + 20, height = 30 + rows * ph + legendH;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`, `<rect width="100%" height="100%" fill="white"/>`, `<text x="10" y="20" font-size="15">${esc(title)}</text>`];
  panels.forEach((p, i) => {
    const ox = 10 + (i % cols) * pw, oy = 30 + Math.floor(i / cols) * ph;
    const b = p.world.bounds;
    const k = (pw - 20) / Math.max(b.maxX - b.minX, b.maxY - b.minY);
    const tx = (x: number) => ox + 10 + (x - b.minX) * k;
    const ty = (y: number) => oy + 18 + (b.maxY - y) * k;
    parts.push(`<text x="${ox + 10}" y="${oy + 12}">${esc(p.title)}</text>`);
    for (const s of p.world.visuals) if (!isGroundPlane(s)) parts.push(shapePath(s, tx, ty, k));
    for (const t of p.targets) parts.push(`<circle cx="${tx(t.x).toFixed(1)}" cy="${ty(t.y).toFixed(1)}" r="${((t.radius + 0.15) * k).toFixed(1)}" fill="none" stroke="black" stroke-width="2"/>`);
    p.paths.forEach((q) => {
      const c = PALETTE[agents.indexOf(q.agent) % PALETTE.length];
      parts.push(`<polyline fill="none" stroke="${c}" stroke-width="1.8" ${q.success ? '' : 'stroke-dasharray="4 3"'} points="${q.path.map(([x, y]) => `${tx(x).toFixed(1)},${ty(y).toFixed(1)}`).join(' ')}"/>`);
      const e = q.path[q.path.length - 1];
      if (e) parts.push(`<circle cx="${tx(e[0]).toFixed(1)}" cy="${ty(e[1]).toFixed(1)}" r="3" fill="${c}"/>`);
    });
    const sx = tx(p.start.x), sy = ty(p.start.y), a = p.start.yaw;
    parts.push(`<polygon points="${[[10, 0], [-6, 6], [-6, -6]].map(([u, v]) => `${(sx + u * Math.cos(a) + v * Math.sin(a)).toFixed(1)},${(sy - u * Math.sin(a) + v * Math.cos(a)).toFixed(1)}`).join(' ')}" fill="black"/>`);
  });
  const ly = 30 + rows * ph + 8;
  parts.push(`<text x="10" y="${ly + 8}">black arrow: start and heading; black ring: the named object; line: path (dashed: failed), dot: where it stopped</text>`);
  agents.forEach((a, i) => parts.push(`<rect x="10" y="${ly + 16 + i * 16}" width="14" height="4" fill="${PALETTE[i % PALETTE.length]}"/><text x="30" y="${ly + 22 + i * 16}">${esc(a)}</text>`));
  parts.push('</svg>');
  return parts.join('\n');
}
