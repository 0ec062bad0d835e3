'use client';

import Link from 'next/link';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';

import { apiFetch, apiPath, errorMessage, query } from '@/lib/api';
import { download } from '@/lib/csv';
import { completeFold, normalizePlotData, type PlotData } from '@/lib/plotdata';
import { candidatesCsv, searchInput } from '@/lib/search-report';
import type { Annotation, Candidate, JobStatus, SearchJob } from '@/lib/types';

import { AnnotationForm } from './AnnotationForm';
import { ApiDownload } from './ApiDownload';
import { CandidatePlots, RawPlots } from './CandidatePlots';
import { CopyLink } from './CopyLink';
import { ExplanationBars } from './ExplanationBars';
import { FitView } from './FitView';
import { SearchForm } from './SearchForm';
import { CandidateTable, SearchHeader } from './SearchSummary';
import { SingleEvents } from './SingleEvents';
import { ErrorBox, Loading } from './Status';
import { useKnownObjects } from './use-known';
import { fmt } from './format';

// The finest resolution the API keeps for the plots (it serves the smallest level >= this).
const PLOT_POINTS = 20000;

function jobError(job: SearchJob): string {
  return job.error?.message ?? 'The search failed.';
}

const noSubscription = () => () => undefined;

function JobView({ id }: { id: string }) {
  const [job, setJob] = useState<SearchJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [plot, setPlot] = useState<PlotData | null>(null);
  const [plotError, setPlotError] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const known = useKnownObjects(job?.status === 'done' ? job.result : null);
  // The page's own address (empty while rendered on the server).
  const shareUrl = useSyncExternalStore(
    noSubscription,
    () => window.location.href,
    () => '',
  );
  const path = `/searches/${encodeURIComponent(id)}`;

  useEffect(() => {
    let closed = false;
    const refresh = () =>
      apiFetch<SearchJob>(path).then(
        (j) => {
          setJob(j);
          return j;
        },
        (e) => {
          setError(errorMessage(e));
          return null;
        },
      );
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    // Done means done with its result: a status can run ahead of the stored result.
    const finished = (j: SearchJob | null) => !j || j.status === 'failed' || (j.status === 'done' && !!j.result);
    // Polling is the fallback when the event stream drops.
    const poll = async () => {
      if (closed) return;
      const j = await refresh();
      if (!finished(j) && !closed) timer = setTimeout(poll, 1000);
    };
    refresh().then((j) => {
      if (closed || finished(j)) return;
      source = new EventSource(`/api/v1${path}/events`);
      const onEvent = (ev: MessageEvent) => {
        let msg: Partial<SearchJob> = {};
        try {
          msg = JSON.parse(ev.data as string);
        } catch {
          return;
        }
        if (ev.type === 'result' && msg.status && msg.id) {
          // The result event carries the whole job.
          source?.close();
          const full = msg as SearchJob;
          // The event leaves out who owns the search: the earlier read said.
          setJob((prev) => ({ mine: prev?.mine, ...full }));
          if (!finished(full)) poll();
          return;
        }
        const { progress, stage } = msg;
        const status = msg.status as JobStatus | undefined;
        setJob((prev) => (prev ? { ...prev, ...(status && status !== 'done' ? { status } : {}), ...(progress !== undefined ? { progress } : {}), ...(stage ? { stage } : {}) } : prev));
        if (status === 'done' || status === 'failed') {
          source?.close();
          poll();
        }
      };
      for (const name of ['message', 'progress', 'result']) source.addEventListener(name, onEvent as EventListener);
      // An `error` event (failed job), `timeout`, or a dropped stream: read the job by polling.
      source.addEventListener('timeout', () => {
        source?.close();
        poll();
      });
      source.onerror = () => {
        source?.close();
        poll();
      };
    });
    return () => {
      closed = true;
      source?.close();
      if (timer) clearTimeout(timer);
    };
  }, [path]);

  useEffect(() => {
    if (job?.status !== 'done') return;
    apiFetch<unknown>(`${path}/plot-data?points=${PLOT_POINTS}`)
      .then((raw) => setPlot(normalizePlotData(raw)))
      .catch((e) => setPlotError(errorMessage(e)));
  }, [job?.status, path]);

  // The selected candidate's fold as the API served it, for the fit's model and residuals.
  const fold = useMemo(() => {
    const c = plot?.candidates[selected];
    return c?.folded ? completeFold(c.folded, c.odd, c.even) : null;
  }, [plot, selected]);

  // A saved verdict replaces the candidate's annotation in the result shown (and its CSV).
  const onAnnotated = (index: number, annotation: Annotation) =>
    setJob((j) => (j?.result ? { ...j, result: { ...j.result, candidates: j.result.candidates.map((c, i) => (i === index ? { ...c, annotation } : c)) } } : j));

  if (error)
    return (
      <>
        <ErrorBox error={error} />
        <Link className="button" href="/lab" data-testid="new-search">
          New search
        </Link>
      </>
    );
  if (!job) return <Loading>Loading search {id}…</Loading>;

  const result = job.result;
  const candidates = result?.candidates ?? [];
  const input = result ? searchInput(result) : null;
  const files = Array.isArray(job.params.filenames) ? job.params.filenames.map(String) : [];
  // A job can report done a moment before its result is readable; it is polled until then.
  const status = job.status === 'done' && !result ? 'finishing' : job.status;
  return (
    <div data-testid="job" data-status={status}>
      <div className="panel no-print">
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <div>
            <strong>Search {id}</strong> <span className="tag">{status}</span>
          </div>
          <div className="row">
            <label className="field" style={{ minWidth: 260 }}>
              Shareable link
              <input readOnly value={shareUrl} onFocus={(e) => e.currentTarget.select()} aria-label="Shareable link to this search" />
            </label>
            <CopyLink url={shareUrl} />
            <Link className="button secondary" href="/lab">
              New search
            </Link>
          </div>
        </div>
        {(status === 'queued' || status === 'running' || status === 'finishing') && (
          <div style={{ marginTop: 10 }}>
            <progress max={1} value={job.progress ?? 0} aria-label="Search progress" data-testid="progress" />
            <p className="small muted" role="status" aria-live="polite">
              {job.status === 'queued' ? 'Queued…' : `${job.stage ?? 'Searching'}… ${Math.round((job.progress ?? 0) * 100)}%`}
            </p>
          </div>
        )}
        {job.status === 'failed' && <ErrorBox error={jobError(job)} />}
      </div>
      {job.status === 'done' && result && input && (
        <>
          <SearchHeader input={input} result={result} files={files} />
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <h2 className="no-print">
              {candidates.length} candidate{candidates.length === 1 ? '' : 's'}
            </h2>
            <div className="row no-print">
              <button type="button" className="secondary" data-testid="download-json" onClick={() => download(`exodetect-${id}.json`, JSON.stringify(result, null, 2), 'application/json')}>
                Result JSON
              </button>
              <button type="button" className="secondary" data-testid="download-csv" onClick={() => download(`exodetect-${id}-candidates.csv`, candidatesCsv(result, known.matches), 'text/csv')}>
                Candidates CSV
              </button>
              <ApiDownload path={apiPath('/api/v1/searches/{id}/light-curve', { id })} filename={`exodetect-${id}-light-curve.csv`} testId="download-lightcurve" title="Every point at full resolution: time, flux, trend, detrended flux, masks and the candidates' model">
                Download light curve (CSV)
              </ApiDownload>
              {candidates[selected] ? (
                <ApiDownload path={`${apiPath('/api/v1/searches/{id}/candidates/{n}/report', { id, n: selected })}${query({ format: 'pdf' })}`} filename={`exodetect-${id}-candidate-${selected + 1}-report.pdf`} testId="download-report" title="One page: the light curve, periodogram, folded transit with the fit and its residuals, odd/even/secondary folds, the numbers, the flags and the verdict">
                  Candidate {selected + 1} report (PDF)
                </ApiDownload>
              ) : null}
            </div>
          </div>
          {candidates.length ? (
            <CandidateTable candidates={candidates} timeSystem={input.timeSystem} selected={selected} onSelect={setSelected} known={known} />
          ) : (
            <div className="empty">No periodic transit signal above the detection threshold.</div>
          )}
          <SingleEvents events={result.single_events ?? []} timeSystem={input.timeSystem} />
          {job.mine && candidates.length ? <AnnotationPanel id={id} candidates={candidates} onSaved={onAnnotated} /> : null}
          <ErrorBox error={plotError} />
          {!plot && !plotError && <Loading>Loading plots…</Loading>}
          {plot && candidates[selected]?.fit ? <FitView key={selected} jobId={id} candidate={candidates[selected]} index={selected} window={fold} timeSystem={input.timeSystem} /> : null}
          {plot && (
            <div className="panel no-print">
              <RawPlots data={plot} timeSystem={input.timeSystem} singleEvents={result.single_events} />
              {candidates[selected] && <CandidatePlots key={selected} data={plot} candidate={candidates[selected]} index={selected} timeSystem={input.timeSystem} jobId={id} />}
            </div>
          )}
          {candidates[selected]?.explanation?.length ? <Explain candidate={candidates[selected]} /> : null}
          {result.timing_ms && (
            <p className="small muted no-print">
              Timing: {Object.entries(result.timing_ms).map(([k, v]) => `${k} ${fmt(v, 3)} ms`).join(', ')}
            </p>
          )}
        </>
      )}
    </div>
  );
}

function AnnotationPanel({ id, candidates, onSaved }: { id: string; candidates: Candidate[]; onSaved: (index: number, a: Annotation) => void }) {
  return (
    <section className="panel no-print" aria-label="Your verdicts" data-testid="annotations">
      <h3 style={{ marginTop: 0 }}>Your verdicts</h3>
      <p className="small muted">Kept with the search and shown beside the model&apos;s verdict to anyone with the link.</p>
      {candidates.map((c, i) => (
        <AnnotationForm key={i} id={id} index={i} annotation={c.annotation} onSaved={(a) => onSaved(i, a)} />
      ))}
    </section>
  );
}

function Explain({ candidate }: { candidate: Candidate }) {
  return (
    <div className="panel no-print">
      <h3>Why the model says {candidate.label ?? 'this'}</h3>
      <ExplanationBars explanation={candidate.explanation ?? []} />
    </div>
  );
}

export function Lab({ jobId }: { jobId?: string }) {
  return (
    <>
      <h1>Detection Lab</h1>
      <p className="lead">Drop a Kepler, K2 or TESS light curve and watch the planets come out: box-least-squares search, vetting and a model verdict.</p>
      {jobId ? <JobView id={jobId} /> : <SearchForm />}
    </>
  );
}
