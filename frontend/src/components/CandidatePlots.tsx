'use client';

import { useMemo, useState } from 'react';

import { fluxScale, timeScale } from '@/lib/axes';
import { download } from '@/lib/csv';
import { completeFold, coversWindow, type FoldWindow, type PlotData } from '@/lib/plotdata';
import { candidateErrors, foldCsv } from '@/lib/search-report';
import { aliasMarkers, align, bestEpoch, bin, fold, median, phaseWindow, snapToPeak, splitByMask } from '@/lib/series';
import type { Candidate, SingleEvent } from '@/lib/types';

import { Chart, type ChartSeries, type Marker } from './Chart';
import { fmt, fmtTime, timeSystemName, withErr } from './format';

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

/** A fold window's series on one axis, flux in the scale's unit, and its x extent (hours). */
/** A fold window's plot series; none at all when no point fell in it, so the panel says why. */
export function windowPlot(w: FoldWindow, scale: (v: number | null) => number | null) {
  if (!w.points.x.length && !w.bins.x.length) return { data: [[], [], [], []], range: undefined, points: 0 };
  const y = (ys: number[]) => ys.map((v) => scale(v));
  const data = align([
    { x: w.points.x, y: y(w.points.y) },
    { x: w.bins.x, y: y(w.bins.y) },
    { x: w.model.x, y: y(w.model.y) },
  ]);
  const xs = [...w.model.x, ...w.bins.x];
  const range: [number, number] | undefined = xs.length ? [Math.min(...xs), Math.max(...xs)] : undefined;
  return { data, range, points: w.points.x.length };
}

/** Plotted times: from a whole-day offset for long time stamps (named in the axis title). */
function useTimeAxis(data: PlotData, timeSystem: string | null) {
  return useMemo(() => {
    const t = timeScale(data.time, timeSystemName(timeSystem));
    return { label: t.label, offset: t.offset, x: t.offset ? data.time.map((v) => v - t.offset) : data.time };
  }, [data, timeSystem]);
}

const NO_EVENTS: SingleEvent[] = [];

/** A marker at each single transit's mid-time, on a time axis shifted by `offset`. */
export function singleEventMarkers(events: SingleEvent[], offset: number): Marker[] {
  return events.map((e, i) => ({ x: e.t0 - offset, label: `single transit ${i + 1}`, color: C.transit }));
}

export function RawPlots({ data, timeSystem, singleEvents = NO_EVENTS }: { data: PlotData; timeSystem: string | null; singleEvents?: SingleEvent[] }) {
  const time = useTimeAxis(data, timeSystem);
  const markers = useMemo(() => singleEventMarkers(singleEvents, time.offset), [singleEvents, time.offset]);
  const { raw, label } = useMemo(() => {
    const [good, flagged] = splitByMask(data.flux, data.flagged);
    const trend = data.trend.map((v) => (Number.isFinite(v) ? v : null));
    const scale = fluxScale([good, trend]);
    const y = (vs: (number | null)[]) => vs.map(scale.apply);
    return { raw: [time.x, y(good), y(flagged), y(trend)], label: scale.ppm ? 'normalised flux − 1 (ppm)' : 'normalised flux' };
  }, [data, time]);
  const title = `Raw flux with trend (flagged cadences in grey${markers.length ? '; single transits marked' : ''})`;
  return <Chart title={title} testId="plot-raw" data={raw} series={RAW_SERIES} xLabel={time.label} yLabel={label} markers={markers.length ? markers : undefined} />;
}

/** Why a fold panel has no points: its transits (or phase 0.5) fall where the data has gaps. */
const EMPTY_WINDOW: Record<string, string> = {
  folded: 'No data within this window: every transit falls in a gap.',
  odd: 'No data within this window: the odd transits fall in gaps.',
  even: 'No data within this window: the even transits fall in gaps.',
  secondary: 'No data around phase 0.5: those times fall in gaps.',
};

export function CandidatePlots({ data, candidate, index, timeSystem, jobId }: { data: PlotData; candidate: Candidate; index: number; timeSystem: string | null; jobId: string }) {
  const time = useTimeAxis(data, timeSystem);
  const [period, setPeriod] = useState(candidate.period);
  const refolded = Math.abs(period - candidate.period) > 1e-9;
  const dur = candidate.duration_hours;

  const detrended = useMemo(() => {
    const mask = data.inTransit.map((v) => (v === index + 1 ? 1 : 0));
    const [out, inside] = splitByMask(data.detrended, mask);
    const scale = fluxScale([out, inside]);
    return { plot: [time.x, out.map(scale.apply), inside.map(scale.apply)], label: scale.label };
  }, [data, index, time]);

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
      return { folded: completeFold(server.folded, server.odd, server.even), odd: server.odd, even: server.even, secondary: server.secondary, depth: depthOf(server.folded) };
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
  // One flux scale for the four windows, so the panels compare at a glance.
  const plots = useMemo(() => {
    const scale = fluxScale([windows.folded.points.y, windows.folded.bins.y, windows.folded.model.y]);
    return {
      label: scale.label,
      folded: windowPlot(windows.folded, scale.apply),
      odd: windowPlot(windows.odd, scale.apply),
      even: windowPlot(windows.even, scale.apply),
      secondary: windowPlot(windows.secondary, scale.apply),
    };
  }, [windows]);
  const bjd = typeof candidate.t0_bjd === 'number' && !refolded && timeSystem !== 'BJD' ? candidate.t0_bjd : null;
  const t0Err = refolded ? null : candidateErrors(candidate).t0;

  const onPick = (x: number) => {
    if (!pg) return;
    // Snap the click to the nearest periodogram point, then to the local peak.
    let i = 0;
    while (i < pg.period.length - 1 && pg.period[i] < x) i++;
    const j = snapToPeak(pg.power, i, Math.max(3, Math.round(pg.period.length / 400)));
    setPeriod(pg.period[j]);
  };

  const panel = (key: 'folded' | 'odd' | 'even' | 'secondary', title: string, xLabel: string, height?: number) => (
    <div>
      <Chart
        title={title}
        testId={`plot-${key === 'folded' ? 'fold' : key}`}
        data={plots[key].data}
        series={FOLD_SERIES}
        xLabel={xLabel}
        yLabel={plots.label}
        xRange={plots[key].range}
        emptyText={EMPTY_WINDOW[key]}
        height={height}
      />
      {!refolded && plots[key].points > 0 && !coversWindow(windows[key]) && (
        <p className="small muted" data-testid={`thinned-${key}`}>
          Only the points inside the box came back for this window ({plots[key].points.toLocaleString('en')}: the API&apos;s point budget); the bins use every point.
        </p>
      )}
      {plots[key].points > 0 && (
        <button type="button" className="link small" data-testid={`download-${key}`} onClick={() => download(`exodetect-${jobId}-candidate${index + 1}-${key}.csv`, foldCsv(windows[key]), 'text/csv')}>
          Download CSV
        </button>
      )}
    </div>
  );

  return (
    <section aria-label={`Plots for candidate ${index + 1}`} data-testid="candidate-plots">
      <Chart title="Detrended flux (in-transit points highlighted)" testId="plot-detrended" data={detrended.plot} series={DETRENDED_SERIES} xLabel={time.label} yLabel={detrended.label} />
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
        Folded at P = {refolded ? fmt(period, 8) : withErr(period, candidate.period_err, 8)} d, T0 ={' '}
        {fmtTime(t0, timeSystem, t0Err)}
        {bjd !== null ? ` (BJD ${bjd.toFixed(5)})` : ''}
        {refolded ? ' (refolded from the periodogram; depth estimated from the fold)' : ''}{' '}
        {refolded && (
          <button type="button" className="secondary" onClick={() => setPeriod(candidate.period)}>
            Back to {fmt(candidate.period, 6)} d
          </button>
        )}
      </p>
      {panel('folded', `Folded light curve, binned, with the box model (depth ${fmt(windows.depth * 1e6, 4)} ppm)`, 'hours from mid-transit')}
      <div className="grid2">
        {panel('odd', 'Odd transits', 'hours from mid-transit', 200)}
        {panel('even', 'Even transits', 'hours from mid-transit', 200)}
      </div>
      {panel('secondary', 'Secondary eclipse window (phase 0.5)', 'hours from phase 0.5', 200)}
    </section>
  );
}
