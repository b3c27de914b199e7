// Writes a line chart as a standalone SVG file (no dependencies). Series: { name, color, points: [x, y][] }.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeLineChart(path, { title, xLabel, yLabel, series, logY = false }) {
  const W = 720;
  const H = 420;
  const m = { left: 70, right: 20, top: 40, bottom: 50 };
  const all = series.flatMap((s) => s.points);
  const ty = (y) => (logY ? Math.log10(y) : y);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => ty(p[1])).filter(Number.isFinite);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (logY) [y0, y1] = [Math.floor(y0), Math.ceil(y1)];
  const sx = (x) => m.left + ((x - x0) / (x1 - x0 || 1)) * (W - m.left - m.right);
  const sy = (y) => H - m.bottom - ((ty(y) - y0) / (y1 - y0 || 1)) * (H - m.top - m.bottom);
  const parts = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<title>${title}</title>`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${title}</text>`);
  // y grid and ticks
  const ticks = logY
    ? Array.from({ length: y1 - y0 + 1 }, (_, i) => 10 ** (y0 + i))
    : Array.from({ length: 6 }, (_, i) => y0 + ((y1 - y0) * i) / 5);
  for (const t of ticks) {
    const y = sy(t);
    parts.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    parts.push(
      `<text x="${m.left - 6}" y="${y + 4}" text-anchor="end">${logY ? t.toExponential(0) : t.toPrecision(3)}</text>`,
    );
  }
  for (let i = 0; i <= 5; i++) {
    const x = x0 + ((x1 - x0) * i) / 5;
    parts.push(`<text x="${sx(x)}" y="${H - m.bottom + 18}" text-anchor="middle">${Math.round(x)}</text>`);
  }
  parts.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${H - m.bottom}" stroke="#333"/>`);
  parts.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${H - m.bottom}" y2="${H - m.bottom}" stroke="#333"/>`);
  parts.push(`<text x="${W / 2}" y="${H - 10}" text-anchor="middle">${xLabel}</text>`);
  parts.push(`<text transform="translate(16 ${H / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>`);
  series.forEach((s, i) => {
    const d = s.points
      .filter((p) => Number.isFinite(ty(p[1])))
      .map((p, j) => `${j === 0 ? 'M' : 'L'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`)
      .join('');
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 1.5}"${dash}/>`);
    parts.push(`<rect x="${W - m.right - 210}" y="${m.top + 6 + i * 18}" width="12" height="3" fill="${s.color}"/>`);
    parts.push(`<text x="${W - m.right - 192}" y="${m.top + 11 + i * 18}">${s.name}</text>`);
  });
  parts.push('</svg>');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${parts.join('\n')}\n`);
  return path;
}
