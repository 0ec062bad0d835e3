'use client';

import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';

import { axisSize, tickLabels } from '@/lib/axes';
import { scatterPaths } from '@/lib/scatter-path';

import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  color: string;
  /** 'points' draws dots only, 'line' a line, 'step' a stepped line. */
  kind: 'points' | 'line' | 'step';
  size?: number;
}

export interface Marker {
  x: number;
  label: string;
  color: string;
}

interface Props {
  title: string;
  data: (number | null)[][];
  series: ChartSeries[];
  xLabel: string;
  yLabel: string;
  height?: number;
  logX?: boolean;
  logY?: boolean;
  markers?: Marker[];
  /** Fixed x range (a fold's window), instead of the data's extent. */
  xRange?: [number, number];
  /** Shown instead of the plot when there is nothing to draw. */
  emptyText?: string;
  /** Called with the x value under the cursor when the plot area is clicked. */
  onPick?: (x: number, index: number) => void;
  testId?: string;
}

const AXIS = { stroke: '#9aa8c7', grid: { stroke: 'rgba(154,168,199,0.12)' }, ticks: { stroke: 'rgba(154,168,199,0.25)' } };

// Linear axes label each tick with the decimals of the spacing (uPlot's default rounds to three,
// so close ticks read alike) and take the width their longest label needs. The labels drawn are
// kept on the plot's element (data-x-ticks, data-y-ticks) for the end-to-end checks.
function linearTicks(shown: string[][], axis: number) {
  return {
    values: (_u: uPlot, splits: number[], _axis: number, _space: number, incr: number) => (shown[axis] = tickLabels(splits, incr)),
  };
}

// uPlot is loaded on first use so it stays out of every page's first-load JavaScript.
let uplotModule: Promise<typeof uPlot> | null = null;
function loadUPlot(): Promise<typeof uPlot> {
  uplotModule ??= import('uplot').then((m) => m.default);
  return uplotModule;
}

/** A uPlot chart that fits its container's width; records its draw time in data-draw-ms. */
export function Chart({ title, data, series, xLabel, yLabel, height = 240, logX, logY, markers, xRange, emptyText, onPick, testId }: Props) {
  const empty = (data[0]?.length ?? 0) === 0;
  const box = useRef<HTMLDivElement>(null);
  const [drawMs, setDrawMs] = useState<number | null>(null);
  const pick = useRef(onPick);
  const markerRef = useRef(markers);
  const plotRef = useRef<uPlot | null>(null);

  // The plot's hooks read the latest handler and markers through refs, so neither rebuilds it.
  useEffect(() => {
    pick.current = onPick;
    markerRef.current = markers;
  });
  useEffect(() => {
    plotRef.current?.redraw(false);
  }, [markers]);

  const range = xRange ? `${xRange[0]},${xRange[1]}` : '';
  useEffect(() => {
    if (empty) return;
    let plot: uPlot | null = null;
    let cancelled = false;
    let resize: ResizeObserver | null = null;
    loadUPlot().then((UPlot) => {
      const el = box.current;
      if (cancelled || !el) return;
      const started = performance.now();
      let first = true;
      const shown: string[][] = [[], []];
      const opts: uPlot.Options = {
        width: Math.max(200, el.clientWidth),
        height,
        legend: { show: true, live: false },
        cursor: { drag: { x: true, y: false } },
        // Log axes span the data, not whole decades.
        scales: {
          x: logX ? { time: false, distr: 3, range: (_u, min, max) => [min, max] } : xRange ? { time: false, range: [xRange[0], xRange[1]] } : { time: false },
          ...(logY ? { y: { distr: 3, range: (_u: uPlot, min: number, max: number): uPlot.Range.MinMax => [min, max] } } : {}),
        },
        axes: [
          { ...AXIS, ...(logX ? {} : linearTicks(shown, 0)), label: xLabel },
          { ...AXIS, ...(logY ? {} : linearTicks(shown, 1)), label: yLabel, size: (_u, values) => axisSize(values, 50) },
        ],
        series: [
          { label: xLabel },
          ...series.map((s) =>
            s.kind === 'points'
              ? { label: s.label, stroke: s.color, fill: s.color, width: 0, paths: scatterPaths(s.size ?? 2.5), points: { show: false } }
              : {
                  label: s.label,
                  stroke: s.color,
                  width: 1.5,
                  paths: s.kind === 'step' ? UPlot.paths.stepped!({ align: 1 }) : undefined,
                  points: { show: false },
                  spanGaps: true,
                },
          ),
        ],
        hooks: {
          draw: [
            (u) => {
              const ms = markerRef.current;
              if (ms?.length) {
                const ctx = u.ctx;
                ctx.save();
                ctx.font = `${11 * devicePixelRatio}px system-ui`;
                for (const m of ms) {
                  const px = u.valToPos(m.x, 'x', true);
                  if (px < u.bbox.left || px > u.bbox.left + u.bbox.width) continue;
                  ctx.strokeStyle = m.color;
                  ctx.fillStyle = m.color;
                  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
                  ctx.beginPath();
                  ctx.moveTo(px, u.bbox.top);
                  ctx.lineTo(px, u.bbox.top + u.bbox.height);
                  ctx.stroke();
                  ctx.fillText(m.label, px + 3 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
                }
                ctx.restore();
              }
              el.dataset.xTicks = shown[0].join('|');
              el.dataset.yTicks = shown[1].join('|');
              if (first) {
                first = false;
                setDrawMs(performance.now() - started);
              }
            },
          ],
          ready: [
            (u) => {
              u.over.addEventListener('click', () => {
                const idx = u.cursor.idx;
                const left = u.cursor.left;
                if (pick.current && left !== undefined && left >= 0) pick.current(u.posToVal(left, 'x'), idx ?? -1);
              });
            },
          ],
        },
      };
      plot = new UPlot(opts, data as uPlot.AlignedData, el);
      plotRef.current = plot;
      resize = new ResizeObserver(() => {
        if (plot && el.clientWidth > 0) plot.setSize({ width: Math.max(200, el.clientWidth), height });
      });
      resize.observe(el);
    });
    return () => {
      cancelled = true;
      resize?.disconnect();
      plot?.destroy();
      plotRef.current = null;
    };
    // xRange is read through `range`, its value, so a new array of the same window keeps the plot.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, series, height, logX, logY, xLabel, yLabel, range, empty]);

  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="plot-title">{title}</figcaption>
      {empty ? (
        <div className="empty plot-empty" data-testid={testId} data-points={0} data-drawn="true" data-empty="true" style={{ minHeight: height / 2 }}>
          {emptyText ?? 'Nothing to plot.'}
        </div>
      ) : (
      <div
        ref={box}
        className="plot"
        role="img"
        aria-label={title}
        data-testid={testId}
        data-points={data[0]?.length ?? 0}
        data-x-label={xLabel}
        data-y-label={yLabel}
        data-draw-ms={drawMs === null ? undefined : drawMs.toFixed(1)}
        data-drawn={drawMs === null ? 'false' : 'true'}
        style={{ minHeight: height + 40 }}
      />
      )}
    </figure>
  );
}
