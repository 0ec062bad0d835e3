'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';

import { apiFetch, errorMessage, postForm } from '@/lib/api';
import { objectsToCsv, download } from '@/lib/csv';
import { normalizePlotData, type PlotData } from '@/lib/plotdata';
import type { Candidate, JobStatus, SearchJob, SearchProgress } from '@/lib/types';

import { CandidatePlots, RawPlots } from './CandidatePlots';
import { ExplanationBars } from './ExplanationBars';
import { ErrorBox, Loading } from './Status';
import { fmt, labelClass, pct } from './format';

const ACCEPT = '.fits,.fit,.fts,.fits.gz,.fit.gz,.csv,.csv.gz,.txt,.dat,.gz';
const PLOT_POINTS = 20000;

function jobError(job: SearchJob): string {
  return job.error?.message ?? 'The search failed.';
}

function Uploader() {
  const router = useRouter();
  const [files, setFiles] = useState<File[]>([]);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    setFiles(Array.from(e.dataTransfer.files));
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!files.length) {
      setError('Choose at least one light curve file.');
      return;
    }
    const params = new FormData(e.currentTarget);
    const form = new FormData();
    for (const f of files) form.append('file', f, f.name);
    for (const [k, v] of params.entries()) if (k !== 'pick' && typeof v === 'string' && v.trim() !== '') form.append(k, v.trim());
    setBusy(true);
    setError(null);
    try {
      const job = await postForm<{ id: string }>('/searches', form);
      router.push(`/lab/${encodeURIComponent(job.id)}`);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} aria-label="New search">
      <div
        className={`dropzone${over ? ' active' : ''}`}
        role="button"
        tabIndex={0}
        aria-label="Drop light curve files here or press Enter to choose"
        data-testid="dropzone"
        onClick={() => input.current?.click()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            input.current?.click();
          }
        }}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <strong>Drop FITS or CSV light curves here</strong> (.gz too), or click to choose.
        <br />
        <span className="small">Several files of one star (sectors, quarters) are stitched together.</span>
        <input
          ref={input}
          name="pick"
          type="file"
          multiple
          accept={ACCEPT}
          hidden
          data-testid="file-input"
          onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
        />
      </div>
      {files.length > 0 && (
        <ul className="small" data-testid="file-list">
          {files.map((f) => (
            <li key={f.name}>
              {f.name} <span className="muted">({(f.size / 1024).toFixed(0)} kB)</span>
            </li>
          ))}
        </ul>
      )}
      <details className="adv">
        <summary>Advanced search parameters</summary>
        <div className="grid3" style={{ marginTop: 10 }}>
          <label className="field">
            Max planets
            <input name="max_planets" type="number" min={1} max={10} step={1} placeholder="5" />
          </label>
          <label className="field">
            <span>
              Min period <span className="unit">days</span>
            </span>
            <input name="period_min" type="number" min={0.1} step="any" placeholder="0.5" />
          </label>
          <label className="field">
            <span>
              Max period <span className="unit">days</span>
            </span>
            <input name="period_max" type="number" min={0.1} step="any" placeholder="half the span, ≤ 100 d" />
          </label>
          <label className="field">
            <span>
              Durations <span className="unit">hours, comma separated</span>
            </span>
            <input name="durations" type="text" inputMode="decimal" pattern="[0-9., ]*" placeholder="default grid" />
          </label>
          <label className="field">
            Min SNR
            <input name="snr_min" type="number" min={0} step="any" placeholder="automatic" />
          </label>
          <label className="field">
            Min SDE
            <input name="sde_min" type="number" min={0} step="any" placeholder="6" />
          </label>
          <label className="field">
            Flux column
            <select name="flux" defaultValue="">
              <option value="">auto (PDCSAP, else SAP)</option>
              <option value="pdcsap">PDCSAP</option>
              <option value="sap">SAP</option>
            </select>
          </label>
        </div>
      </details>
      <div className="row" style={{ marginTop: 12 }}>
        <button type="submit" disabled={busy} data-testid="search-submit">
          {busy ? 'Uploading…' : 'Search for transits'}
        </button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}

export function CandidateTable({ candidates, selected, onSelect }: { candidates: Candidate[]; selected: number; onSelect: (i: number) => void }) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid="candidates">
        <caption className="muted small" style={{ textAlign: 'left', padding: 6 }}>
          Candidates ordered by SDE. Select a row to plot it.
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Period (d)</th>
            <th scope="col">T0 (d)</th>
            <th scope="col">Duration (h)</th>
            <th scope="col">Depth (ppm)</th>
            <th scope="col">SNR</th>
            <th scope="col">SDE</th>
            <th scope="col">Transits</th>
            <th scope="col">Radius (R⊕)</th>
            <th scope="col">P(planet)</th>
            <th scope="col">Flags</th>
          </tr>
        </thead>
        <tbody>
          {candidates.map((c, i) => (
            <tr key={i} className={i === selected ? 'selected' : undefined} aria-selected={i === selected}>
              <td>
                <button type="button" className="secondary" onClick={() => onSelect(i)} aria-pressed={i === selected}>
                  {i + 1}
                </button>
              </td>
              <td data-testid="cand-period">
                {fmt(c.period, 7)}
                {c.period_err ? <span className="muted"> ± {fmt(c.period_err, 2)}</span> : null}
              </td>
              <td>{fmt(c.t0, 9)}</td>
              <td>{fmt(c.duration_hours, 3)}</td>
              <td>
                {fmt(c.depth_ppm, 4)}
                {c.depth_err_ppm ? <span className="muted"> ± {fmt(c.depth_err_ppm, 2)}</span> : null}
              </td>
              <td>{fmt(c.snr, 3)}</td>
              <td>{fmt(c.sde, 3)}</td>
              <td>
                {c.transits_with_data ?? '—'}/{c.transit_count}
              </td>
              <td>{fmt(c.planet_radius_earth, 3)}</td>
              <td>
                {pct(c.planet_probability)} {c.label ? <span className={`tag ${labelClass(c.label)}`}>{c.label.replace('_', ' ')}</span> : null}
              </td>
              <td style={{ textAlign: 'left' }}>
                {c.flags?.length ? c.flags.map((f) => <span key={f} className="tag warn">{f}</span>) : <span className="muted">none</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const CSV_COLUMNS = ['period', 'period_err', 't0', 'duration_hours', 'depth_ppm', 'depth_err_ppm', 'snr', 'sde', 'transit_count', 'transits_with_data', 'odd_even_mismatch', 'secondary_depth_ppm', 'planet_radius_earth', 'planet_probability', 'label', 'flags'];

function JobView({ id }: { id: string }) {
  const [job, setJob] = useState<SearchJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [plot, setPlot] = useState<PlotData | null>(null);
  const [plotError, setPlotError] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const [shareUrl, setShareUrl] = useState('');
  const path = `/searches/${encodeURIComponent(id)}`;

  const refresh = useCallback(async () => {
    try {
      const j = await apiFetch<SearchJob>(path);
      setJob(j);
      return j;
    } catch (e) {
      setError(errorMessage(e));
      return null;
    }
  }, [path]);

  useEffect(() => {
    setShareUrl(window.location.href);
    let closed = false;
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
          setJob(full);
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
  }, [path, refresh]);

  useEffect(() => {
    if (job?.status !== 'done') return;
    apiFetch<unknown>(`${path}/plot-data?points=${PLOT_POINTS}`)
      .then((raw) => setPlot(normalizePlotData(raw)))
      .catch((e) => setPlotError(errorMessage(e)));
  }, [job?.status, path]);

  if (error) return <ErrorBox error={error} />;
  if (!job) return <Loading>Loading search {id}…</Loading>;

  const result = job.result;
  const candidates = result?.candidates ?? [];
  // A job can report done a moment before its result is readable; it is polled until then.
  const status = job.status === 'done' && !result ? 'finishing' : job.status;
  return (
    <div data-testid="job" data-status={status}>
      <div className="panel">
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <div>
            <strong>Search {id}</strong> <span className="tag">{status}</span>
          </div>
          <div className="row">
            <label className="field" style={{ minWidth: 260 }}>
              Shareable link
              <input readOnly value={shareUrl} onFocus={(e) => e.currentTarget.select()} aria-label="Shareable link to this search" />
            </label>
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
      {job.status === 'done' && result && (
        <>
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <h2>
              {candidates.length} candidate{candidates.length === 1 ? '' : 's'}
            </h2>
            <div className="row">
              <button type="button" className="secondary" onClick={() => download(`exodetect-${id}.json`, JSON.stringify(result, null, 2), 'application/json')}>
                Download JSON
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => download(`exodetect-${id}.csv`, objectsToCsv(candidates as unknown as Record<string, unknown>[], CSV_COLUMNS), 'text/csv')}
              >
                Download CSV
              </button>
            </div>
          </div>
          {candidates.length ? (
            <CandidateTable candidates={candidates} selected={selected} onSelect={setSelected} />
          ) : (
            <div className="empty">No transit-like signal above the detection threshold.</div>
          )}
          <ErrorBox error={plotError} />
          {!plot && !plotError && <Loading>Loading plots…</Loading>}
          {plot && (
            <div className="panel">
              <RawPlots data={plot} />
              {candidates[selected] && <CandidatePlots key={selected} data={plot} candidate={candidates[selected]} index={selected} />}
            </div>
          )}
          {candidates[selected]?.explanation?.length ? <Explain candidate={candidates[selected]} /> : null}
          {result.timing_ms && (
            <p className="small muted">
              Timing: {Object.entries(result.timing_ms).map(([k, v]) => `${k} ${fmt(v, 3)} ms`).join(', ')}
            </p>
          )}
        </>
      )}
    </div>
  );
}

function Explain({ candidate }: { candidate: Candidate }) {
  return (
    <div className="panel">
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
      {jobId ? <JobView id={jobId} /> : <Uploader />}
    </>
  );
}
