// Draws a corner plot on a canvas: each parameter's histogram on the diagonal, the 2-D density of
// each pair below it, lines at the medians and dashed lines at the 16th and 84th percentiles,
// ticks on the outer row and column. Sizes are CSS pixels; the caller scales for the screen.

import { axisRange, cornerTicks, histogram, histogram2d, quantile, type CornerParameter } from './corner';

export const CORNER_COLORS = { axis: '#9aa8c7', fill: '124,196,255', median: '#ffcc66' };
const BINS_1D = 30;
const BINS_2D = 24;
const LEFT = 64;
const BOTTOM = 52;
const TOP = 6;
const RIGHT = 6;
const GAP = 6;

export interface CornerLayout {
  cell: number;
  /** Each parameter's axis range, in drawn units. */
  ranges: [number, number][];
  /** Each parameter's tick labels along the bottom row, as drawn. */
  ticks: string[][];
}

export function cornerLayout(params: CornerParameter[], size: number): CornerLayout {
  const n = Math.max(1, params.length);
  const ranges = params.map((p) => axisRange(p.values));
  return { cell: (size - LEFT - RIGHT) / n, ranges, ticks: ranges.map((r) => cornerTicks(r).labels) };
}

/** Draws the corner; `size` is the square's side in CSS pixels, the context already scaled to them. */
export function drawCorner(ctx: CanvasRenderingContext2D, params: CornerParameter[], size: number): CornerLayout {
  const layout = cornerLayout(params, size);
  const { cell, ranges } = layout;
  const n = params.length;
  const inner = cell - GAP;
  ctx.clearRect(0, 0, size, size);
  ctx.font = '10px system-ui, sans-serif';
  const x0 = (j: number) => LEFT + j * cell;
  const y0 = (i: number) => TOP + i * cell;
  const px = (j: number, v: number) => x0(j) + ((v - ranges[j][0]) / (ranges[j][1] - ranges[j][0])) * inner;
  const py = (i: number, v: number) => y0(i) + inner - ((v - ranges[i][0]) / (ranges[i][1] - ranges[i][0])) * inner;
  const sorted = params.map((p) => [...p.values].sort((a, b) => a - b));
  const marks = sorted.map((s) => [quantile(s, 0.16), quantile(s, 0.5), quantile(s, 0.84)]);

  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      ctx.strokeStyle = 'rgba(154,168,199,0.35)';
      ctx.setLineDash([]);
      ctx.strokeRect(x0(j) + 0.5, y0(i) + 0.5, inner, inner);
      if (i === j) {
        const counts = histogram(params[i].values, ranges[i], BINS_1D);
        const peak = Math.max(1, ...counts);
        const w = inner / BINS_1D;
        ctx.fillStyle = `rgba(${CORNER_COLORS.fill},0.55)`;
        counts.forEach((c, k) => {
          const h = (c / peak) * (inner - 4);
          ctx.fillRect(x0(j) + k * w, y0(i) + inner - h, Math.max(1, w - 0.5), h);
        });
        ctx.strokeStyle = CORNER_COLORS.median;
        marks[i].forEach((m, k) => {
          ctx.setLineDash(k === 1 ? [] : [3, 3]);
          ctx.beginPath();
          ctx.moveTo(px(j, m), y0(i));
          ctx.lineTo(px(j, m), y0(i) + inner);
          ctx.stroke();
        });
      } else {
        const grid = histogram2d(params[j].values, params[i].values, ranges[j], ranges[i], BINS_2D);
        const peak = Math.max(1, ...grid.flat());
        const w = inner / BINS_2D;
        grid.forEach((row, r) =>
          row.forEach((c, k) => {
            if (!c) return;
            ctx.fillStyle = `rgba(${CORNER_COLORS.fill},${(0.12 + 0.88 * Math.sqrt(c / peak)).toFixed(3)})`;
            ctx.fillRect(x0(j) + k * w, y0(i) + inner - (r + 1) * w, w + 0.3, w + 0.3);
          }),
        );
        ctx.strokeStyle = CORNER_COLORS.median;
        ctx.setLineDash([]);
        ctx.beginPath();
        ctx.moveTo(px(j, marks[j][1]), y0(i));
        ctx.lineTo(px(j, marks[j][1]), y0(i) + inner);
        ctx.moveTo(x0(j), py(i, marks[i][1]));
        ctx.lineTo(x0(j) + inner, py(i, marks[i][1]));
        ctx.stroke();
      }
    }
  }

  // Ticks and names: x along the bottom row, y up the left column (not the first row's histogram).
  ctx.fillStyle = CORNER_COLORS.axis;
  ctx.strokeStyle = CORNER_COLORS.axis;
  ctx.setLineDash([]);
  for (let j = 0; j < n; j++) {
    const t = cornerTicks(ranges[j]);
    const base = y0(n - 1) + inner;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    // A label that would touch the one before it (a narrow panel) is left out; its tick stays.
    let right = -Infinity;
    const drawn: string[] = [];
    t.values.forEach((v, k) => {
      ctx.beginPath();
      ctx.moveTo(px(j, v), base);
      ctx.lineTo(px(j, v), base + 3);
      ctx.stroke();
      const w = ctx.measureText(t.labels[k]).width;
      if (px(j, v) - w / 2 < right + 4) return;
      ctx.fillText(t.labels[k], px(j, v), base + 5);
      right = px(j, v) + w / 2;
      drawn.push(t.labels[k]);
    });
    layout.ticks[j] = drawn;
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(params[j].label, x0(j) + inner / 2, base + 22);
    ctx.font = '10px system-ui, sans-serif';
  }
  for (let i = 1; i < n; i++) {
    const t = cornerTicks(ranges[i]);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    t.values.forEach((v, k) => {
      ctx.beginPath();
      ctx.moveTo(LEFT - 3, py(i, v));
      ctx.lineTo(LEFT, py(i, v));
      ctx.stroke();
      ctx.fillText(t.labels[k], LEFT - 5, py(i, v));
    });
    ctx.save();
    ctx.translate(11, y0(i) + inner / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(params[i].label, 0, 0);
    ctx.restore();
  }
  return layout;
}

/** The square's side for a container `width` wide (CSS pixels). */
export function cornerSize(width: number, count: number): number {
  return Math.round(Math.min(Math.max(width, 260), 120 * count + LEFT + RIGHT, 620));
}

/** The canvas height for a square of `size`: room below for the x ticks and names. */
export function cornerHeight(size: number, count: number): number {
  const cell = (size - LEFT - RIGHT) / Math.max(1, count);
  return Math.round(TOP + cell * count + BOTTOM - GAP);
}
