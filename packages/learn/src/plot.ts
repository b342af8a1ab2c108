/** Minimal SVG charts (line and bar) for training curves and evaluation reports; no dependencies. */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function lineChartSvg(title: string, xLabel: string, series: { name: string; points: [number, number][] }[], width = 640, height = 360): string {
  const m = { l: 50, r: 170, t: 30, b: 40 };
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]), ys = all.map((p) => p[1]);
  const x0 = Math.min(...xs, 0), x1 = Math.max(...xs, 1), y0 = Math.min(0, ...ys), y1 = Math.max(...ys, 1e-6) * 1.05;
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0 || 1)) * (width - m.l - m.r);
  const sy = (y: number) => height - m.b - ((y - y0) / (y1 - y0 || 1)) * (height - m.t - m.b);
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`, `<rect width="100%" height="100%" fill="white"/>`, `<text x="${m.l}" y="18" font-size="14">${esc(title)}</text>`];
  for (let i = 0; i <= 4; i++) {
    const y = y0 + ((y1 - y0) * i) / 4;
    parts.push(`<line x1="${m.l}" x2="${width - m.r}" y1="${sy(y)}" y2="${sy(y)}" stroke="#ddd"/><text x="${m.l - 6}" y="${sy(y) + 4}" text-anchor="end">${y.toFixed(2)}</text>`);
  }
  parts.push(`<line x1="${m.l}" x2="${width - m.r}" y1="${height - m.b}" y2="${height - m.b}" stroke="#333"/>`);
  parts.push(`<text x="${(m.l + width - m.r) / 2}" y="${height - 8}" text-anchor="middle">${esc(xLabel)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const x = x0 + ((x1 - x0) * i) / 4;
    parts.push(`<text x="${sx(x)}" y="${height - m.b + 16}" text-anchor="middle">${Number.isInteger(x) ? x : x.toFixed(1)}</text>`);
  }
  series.forEach((s, i) => {
    const c = PALETTE[i % PALETTE.length];
    parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${s.points.map((p) => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ')}"/>`);
    parts.push(`<rect x="${width - m.r + 10}" y="${m.t + i * 18}" width="12" height="12" fill="${c}"/><text x="${width - m.r + 28}" y="${m.t + i * 18 + 10}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export function barChartSvg(title: string, bars: { name: string; value: number }[], options: { max?: number; width?: number; height?: number; format?: (v: number) => string } = {}): string {
  const width = options.width ?? 640, height = options.height ?? 40 + bars.length * 26;
  const m = { l: 170, r: 60, t: 30 };
  const max = options.max ?? Math.max(1e-9, ...bars.map((b) => b.value));
  const fmt = options.format ?? ((v: number) => v.toFixed(2));
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`, `<rect width="100%" height="100%" fill="white"/>`, `<text x="10" y="18" font-size="14">${esc(title)}</text>`];
  bars.forEach((b, i) => {
    const y = m.t + i * 26;
    const w = Math.max(0, (b.value / max) * (width - m.l - m.r));
    parts.push(`<text x="${m.l - 8}" y="${y + 14}" text-anchor="end">${esc(b.name)}</text><rect x="${m.l}" y="${y}" width="${w.toFixed(1)}" height="18" fill="${PALETTE[i % PALETTE.length]}"/><text x="${m.l + w + 6}" y="${y + 14}">${esc(fmt(b.value))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
