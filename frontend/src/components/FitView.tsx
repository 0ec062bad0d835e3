'use client';

import { useMemo } from 'react';

import { apiPath } from '@/lib/api';
import { fluxScale } from '@/lib/axes';
import { fitShiftHours, fitSummary, fmtInterval, type FitSummary } from '@/lib/fit-report';
import type { FoldWindow } from '@/lib/plotdata';
import { align, bin } from '@/lib/series';
import { modelCurve, residuals } from '@/lib/transit-model';
import type { Candidate } from '@/lib/types';

import { ApiDownload } from './ApiDownload';
import { Chart, type ChartSeries } from './Chart';
import { CornerPlot } from './CornerPlot';
import { fmt, timeUnit } from './format';

const FIT_SERIES: ChartSeries[] = [
  { label: 'points', color: '#7cc4ff', kind: 'points', size: 2 },
  { label: 'binned', color: '#ffcc66', kind: 'points', size: 6 },
  { label: 'best-fit model', color: '#5ee0a0', kind: 'line' },
];
const RESIDUAL_SERIES: ChartSeries[] = [
  { label: 'residuals', color: '#7cc4ff', kind: 'points', size: 2 },
  { label: 'binned', color: '#ffcc66', kind: 'points', size: 6 },
];

/** The fold with the fitted model over it, and the residuals below, on one x range. */
function useFitPlots(fit: FitSummary, window: FoldWindow, candidate: Candidate) {
  return useMemo(() => {
    const best = fit.bestFit;
    if (!best) return null;
    const xs = [...window.model.x, ...window.bins.x, ...window.points.x].filter(Number.isFinite);
    const half = xs.length ? Math.max(...xs.map(Math.abs)) : 3 * candidate.duration_hours;
    const shift = fitShiftHours(best.t0, candidate.t0, best.shape.periodDays);
    const model = modelCurve(best.shape, half, shift);
    const scale = fluxScale([window.points.y, window.bins.y, model.y]);
    const y = (v: number[]) => v.map(scale.apply);
    const nb = Math.max(8, Math.round((2 * half) / Math.max(candidate.duration_hours / 8, 0.05)));
    const res = residuals(window.points.x, window.points.y, best.shape, shift).map((r) => r * 1e6);
    const resBins = bin(window.points.x, res, nb, -half, half);
    const range: [number, number] = [-half, half];
    return {
      label: scale.label,
      range,
      fold: align([
        { x: window.points.x, y: y(window.points.y) },
        { x: window.bins.x, y: y(window.bins.y) },
        { x: model.x, y: y(model.y) },
      ]),
      residuals: align([
        { x: window.points.x, y: res },
        { x: resBins.x, y: resBins.y },
      ]),
      rms: Math.sqrt(res.filter(Number.isFinite).reduce((s, r) => s + r * r, 0) / Math.max(1, res.filter(Number.isFinite).length)),
    };
  }, [fit, window, candidate]);
}

function Parameters({ fit, timeSystem }: { fit: FitSummary; timeSystem: string | null }) {
  return (
    <table className="data fit-params" data-testid="fit-parameters">
      <caption className="muted small" style={{ textAlign: 'left', padding: 6 }}>
        Posterior medians with their 1σ intervals (16th and 84th percentiles).
      </caption>
      <thead>
        <tr>
          <th scope="col">Parameter</th>
          <th scope="col">Median +1σ −1σ</th>
          <th scope="col">Unit</th>
        </tr>
      </thead>
      <tbody>
        {fit.parameters.map((p) => (
          <tr key={p.key} data-testid="fit-param" data-key={p.key}>
            <th scope="row">{p.label}</th>
            <td className="num">{fmtInterval(p.interval)}</td>
            <td>{p.unit === 'time' ? timeUnit(timeSystem) : p.unit}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Vetting({ fit }: { fit: FitSummary }) {
  return (
    <table className="data fit-vetting" data-testid="fit-vetting">
      <caption className="muted small" style={{ textAlign: 'left', padding: 6 }}>
        Vetting from the fit (a flag beyond 3σ, or a grazing posterior above 50%).
      </caption>
      <tbody>
        {fit.checks.map((c) => (
          <tr key={c.key} data-testid="fit-check" data-key={c.key} data-flagged={c.flagged === null ? 'unknown' : String(c.flagged)}>
            <th scope="row">{c.label}</th>
            <td>{c.value}</td>
            <td>{c.flagged === null ? <span className="muted">—</span> : c.flagged ? <span className="tag bad">flag</span> : <span className="tag good">pass</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A candidate's transit fit: the best-fit limb-darkened model over the folded light curve, the
 * residuals, the posterior summaries with units, the fit's vetting and its convergence.
 */
export function FitView({ jobId, candidate, index, window, timeSystem }: { jobId: string; candidate: Candidate; index: number; window: FoldWindow | null; timeSystem: string | null }) {
  const fit = useMemo(() => fitSummary(candidate), [candidate]);
  if (!fit) return null;
  return (
    <section className="panel fit" aria-label={`Transit fit of candidate ${index + 1}`} data-testid="fit-view" data-converged={String(fit.converged)}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h3 style={{ margin: 0 }}>
          Transit fit of candidate {index + 1}{' '}
          {fit.converged ? <span className="tag good">converged</span> : <span className="tag bad">did not converge</span>}
        </h3>
        <div className="row no-print">
          {fit.converged && (
            <ApiDownload path={apiPath('/api/v1/searches/{id}/candidates/{n}/fit/samples', { id: jobId, n: index })} filename={`exodetect-${jobId}-candidate-${index + 1}-samples.csv`} testId="download-samples">
              Download posterior samples (CSV)
            </ApiDownload>
          )}
          <button type="button" className="secondary" data-testid="print-report" onClick={() => globalThis.print()}>
            Print candidate report
          </button>
        </div>
      </div>
      {!fit.converged && (
        <p className="small" role="note" data-testid="fit-error">
          No posterior is reported: {fit.error ?? 'the chains did not converge'}. The best fit and its checks below are still shown.
        </p>
      )}
      {window && fit.bestFit ? <FitPlots fit={fit} window={window} candidate={candidate} /> : <p className="muted">No folded light curve or best fit to draw.</p>}
      <div className="grid2">
        {fit.parameters.length ? <Parameters fit={fit} timeSystem={timeSystem} /> : <p className="muted">No posterior intervals.</p>}
        <Vetting fit={fit} />
      </div>
      {fit.converged && <CornerPlot jobId={jobId} index={index} timeUnit={timeUnit(timeSystem)} />}
      <p className="small muted" data-testid="fit-convergence">
        {fit.points !== null ? `${fit.points.toLocaleString('en')} points fitted; ` : ''}
        {fit.convergence.walkers !== null && fit.convergence.steps !== null ? `${fit.convergence.walkers} walkers × ${fit.convergence.steps.toLocaleString('en')} steps; ` : ''}
        slowest autocorrelation time {fmt(fit.convergence.maxTau, 3)} steps, worst split R-hat {fmt(fit.convergence.maxRhat, 3)}
        {fit.convergence.effective !== null ? `, ${fmt(fit.convergence.effective, 3)} effective samples` : ''}
        {fit.elapsedMs !== null ? `; ${fmt(fit.elapsedMs / 1000, 3)} s` : ''}.
      </p>
    </section>
  );
}

function FitPlots({ fit, window, candidate }: { fit: FitSummary; window: FoldWindow; candidate: Candidate }) {
  const plots = useFitPlots(fit, window, candidate);
  if (!plots) return null;
  return (
    <>
      <Chart title="Folded light curve with the best-fit limb-darkened transit" testId="plot-fit" data={plots.fold} series={FIT_SERIES} xLabel="hours from mid-transit" yLabel={plots.label} xRange={plots.range} height={220} />
      <Chart
        title={`Residuals, data − model (rms ${fmt(plots.rms, 3)} ppm)`}
        testId="plot-residuals"
        data={plots.residuals}
        series={RESIDUAL_SERIES}
        xLabel="hours from mid-transit"
        yLabel="ppm"
        xRange={plots.range}
        height={170}
      />
    </>
  );
}
