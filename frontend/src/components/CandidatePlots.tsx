'use client';

import { useMemo, useState } from 'react';

import { aliasMarkers, align, bestEpoch, bin, fold, median, phaseWindow, snapToPeak, splitByMask } from '@/lib/series';
import type { FoldWindow, PlotData } from '@/lib/plotdata';
import type { Candidate } from '@/lib/types';

import { Chart, type ChartSeries } from './Chart';
import { fmt } from './format';

const C = { flux: '#7cc4ff', grey: '#56607a', trend: '#ffcc66', transit: '#ff8a5c', bins: '#ffcc66', model: '#5ee0a0', odd: '#7cc4ff', even: '#c59bff' };

const RAW_SERIES: ChartSeries[] = [
  { label: 'flux', color: C.flux, kind: 'points' },
  { label: 'flagged', color: C.grey, kind: 'points' },
  { label: 'trend', color: C.trend, kind: 'line' },
];
const DETRENDED_SERIES: ChartSeries[] = [
  { label: 'detrended', color: C.flux, kind: 'points' },
  { label: 'in transit', color: C.transit, kind: 'points', size: 3.5 },
];
const PERIODOGRAM_SERIES: ChartSeries[] = [{ label: 'SDE', color: C.flux, kind: 'line' }];
const FOLD_SERIES: ChartSeries[] = [
  { label: 'points', color: C.flux, kind: 'points', size: 2 },
  { label: 'binned', color: C.bins, kind: 'points', size: 6 },
  { label: 'box model', color: C.model, kind: 'line' },
];
const WINDOW_SERIES = FOLD_SERIES;

/** A fold window computed here (for a refold): points, bins of `binHours` and the box model. */
function clientWindow(x: number[], y: number[], halfHours: number, binHours: number, durationHours: number, depth: number, baseline: number): FoldWindow {
  const nb = Math.max(4, Math.round((2 * halfHours) / binHours));
  const b = bin(x, y, nb, -halfHours, halfHours);
  const h = durationHours / 2;
  const lo = baseline - depth;
  return {
    points: { x, y },
    bins: { x: b.x, y: b.y },
    model: { x: [-halfHours, -h, -h, h, h, halfHours], y: [baseline, baseline, lo, lo, baseline, baseline] },
  };
}

function windowData(w: FoldWindow) {
  return align([w.points, w.bins, w.model]);
}

export function RawPlots({ data }: { data: PlotData }) {
  const raw = useMemo(() => {
    const [good, flagged] = splitByMask(data.flux, data.flagged);
    return [data.time, good, flagged, data.trend.map((v) => (Number.isFinite(v) ? v : null))];
  }, [data]);
  return <Chart title="Raw flux with trend (flagged cadences in grey)" testId="plot-raw" data={raw} series={RAW_SERIES} xLabel="time (days)" yLabel="normalised flux" />;
}

export function CandidatePlots({ data, candidate, index }: { data: PlotData; candidate: Candidate; index: number }) {
  const [period, setPeriod] = useState(candidate.period);
  const refolded = Math.abs(period - candidate.period) > 1e-9;
  const dur = candidate.duration_hours;

  const detrended = useMemo(() => {
    const mask = data.inTransit.map((v) => (v === index + 1 ? 1 : 0));
    const [out, inside] = splitByMask(data.detrended, mask);
    return [data.time, out, inside];
  }, [data, index]);

  const pg = data.candidates[index]?.periodogram;
  const periodogram = useMemo(() => (pg && pg.period.length ? [pg.period, pg.power] : null), [pg]);
  const markers = useMemo(
    () => [{ x: period, label: `P ${fmt(period, 6)} d`, color: '#5ee0a0' }, ...aliasMarkers(period).map((m) => ({ x: m.period, label: m.label, color: '#ffcc66' }))],
    [period],
  );

  const t0 = useMemo(() => (refolded ? bestEpoch(data.time, data.detrended, period, dur) : candidate.t0), [refolded, data, period, dur, candidate.t0]);
  const halfHours = Math.min(Math.max(3 * dur, 3), period * 12);
  const binHours = Math.max(dur / 8, 0.05);

  const server = data.candidates[index];
  const windows = useMemo(() => {
    if (!refolded && server?.folded && server.odd && server.even && server.secondary) {
      const depthOf = (w: FoldWindow) => (w.model.y.length ? Math.max(...w.model.y) - Math.min(...w.model.y) : NaN);
      return { folded: server.folded, odd: server.odd, even: server.even, secondary: server.secondary, depth: depthOf(server.folded) };
    }
    // Refold of the detrended series at the picked period: same windows, computed here.
    const f = fold(data.time, data.detrended, period, t0);
    const w = phaseWindow(f, 0, halfHours);
    const outside = w.y.filter((_, i) => Math.abs(w.x[i]) > dur);
    const baseline = outside.length ? median(outside) : 1;
    const inside = w.y.filter((_, i) => Math.abs(w.x[i]) <= dur / 4);
    const depth = refolded ? Math.max(0, baseline - median(inside)) : candidate.depth_ppm * 1e-6;
    const make = (p: number, center: number, d: number) => {
      const win = phaseWindow(fold(data.time, data.detrended, p, center), 0, halfHours);
      return clientWindow(win.x, win.y, halfHours, binHours, dur, d, baseline);
    };
    return {
      folded: clientWindow(w.x, w.y, halfHours, binHours, dur, depth, baseline),
      odd: make(2 * period, t0 + period, depth),
      even: make(2 * period, t0, depth),
      secondary: make(period, t0 + period / 2, 0),
      depth,
    };
  }, [refolded, server, data, period, t0, halfHours, binHours, dur, candidate.depth_ppm]);
  const foldedPlot = useMemo(() => windowData(windows.folded), [windows]);
  const oddPlot = useMemo(() => windowData(windows.odd), [windows]);
  const evenPlot = useMemo(() => windowData(windows.even), [windows]);
  const secondaryPlot = useMemo(() => windowData(windows.secondary), [windows]);

  const onPick = (x: number) => {
    if (!pg) return;
    // Snap the click to the nearest periodogram point, then to the local peak.
    let i = 0;
    while (i < pg.period.length - 1 && pg.period[i] < x) i++;
    const j = snapToPeak(pg.power, i, Math.max(3, Math.round(pg.period.length / 400)));
    setPeriod(pg.period[j]);
  };

  return (
    <section aria-label={`Plots for candidate ${index + 1}`} data-testid="candidate-plots">
      <Chart title="Detrended flux (in-transit points highlighted)" testId="plot-detrended" data={detrended} series={DETRENDED_SERIES} xLabel="time (days)" yLabel="flux" />
      {periodogram ? (
        <Chart
          title="Periodogram (click a peak to refold there)"
          testId="plot-periodogram"
          data={periodogram}
          series={PERIODOGRAM_SERIES}
          xLabel="period (days)"
          yLabel="SDE"
          logX
          markers={markers}
          onPick={onPick}
        />
      ) : (
        <p className="muted">No periodogram for this candidate.</p>
      )}
      <p className="small" aria-live="polite" data-testid="fold-period">
        Folded at P = {fmt(period, 7)} d, T0 = {fmt(t0, 9)}
        {refolded ? ' (refolded from the periodogram; depth estimated from the fold)' : ''}{' '}
        {refolded && (
          <button type="button" className="secondary" onClick={() => setPeriod(candidate.period)}>
            Back to {fmt(candidate.period, 6)} d
          </button>
        )}
      </p>
      <Chart title={`Folded light curve, binned, with the box model (depth ${fmt(windows.depth * 1e6, 4)} ppm)`} testId="plot-fold" data={foldedPlot} series={FOLD_SERIES} xLabel="hours from mid-transit" yLabel="flux" />
      <div className="grid2">
        <Chart title="Odd transits" testId="plot-odd" data={oddPlot} series={WINDOW_SERIES} xLabel="hours" yLabel="flux" height={200} />
        <Chart title="Even transits" testId="plot-even" data={evenPlot} series={WINDOW_SERIES} xLabel="hours" yLabel="flux" height={200} />
      </div>
      <Chart title="Secondary eclipse window (phase 0.5)" testId="plot-secondary" data={secondaryPlot} series={WINDOW_SERIES} xLabel="hours from phase 0.5" yLabel="flux" height={200} />
    </section>
  );
}
