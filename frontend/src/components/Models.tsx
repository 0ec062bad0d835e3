'use client';

import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';

import { apiFetch, errorMessage, postJson } from '@/lib/api';
import { headlineMetrics, importance, rocPoints } from '@/lib/models';
import type { FormField } from '@/lib/form-field';
import { TRAIN_LABELS, TRAIN_OPTION_LABELS, trainBody, trainFields } from '@/lib/train-fields';
import type { Accepted, ModelCard, ModelList, TrainJob } from '@/lib/types';

import { Chart, type ChartSeries } from './Chart';
import { useSession } from './session';
import { ErrorBox, Loading } from './Status';
import { fmt } from './format';

const ROC_SERIES: ChartSeries[] = [
  { label: 'ROC', color: '#7cc4ff', kind: 'line' },
  { label: 'chance', color: '#56607a', kind: 'line' },
];

function Card({ model }: { model: ModelCard }) {
  const rocPts = useMemo(() => rocPoints(model), [model]);
  const roc = useMemo(() => [rocPts.fpr, rocPts.tpr, rocPts.fpr.map((x) => x)], [rocPts]);
  const features = useMemo(() => importance(model), [model]);
  const maxImp = Math.max(...features.map((i) => i.gain), 1e-12);
  const confusion = model.metrics?.confusion_matrix ?? [];
  const labels = model.labels ?? [];
  const hyper = model.hyperparameters ?? {};
  return (
    <div className="panel" data-testid="model-card">
      <h2>
        Active model {model.version} <span className="tag good">active</span>
      </h2>
      <p className="small muted">
        id {model.id} · {model.task} · trained on {model.catalog || '—'} · {model.created}
      </p>
      <div className="grid2">
        <div>
          <h3>Metrics (cross-validated)</h3>
          <dl className="kv">
            {headlineMetrics(model.metrics).map(([k, v]) => (
              <FragmentKV key={k} k={k} v={fmt(v, 4)} />
            ))}
          </dl>
          {confusion.length > 0 && (
            <>
              <h3>Confusion matrix</h3>
              <table className="cm" data-testid="confusion">
                <thead>
                  <tr>
                    <th scope="col">true \ predicted</th>
                    {confusion[0].map((_, j) => (
                      <th scope="col" key={j}>
                        {labels[j] ?? j}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {confusion.map((row, i) => (
                    <tr key={i}>
                      <th scope="row">{labels[i] ?? i}</th>
                      {row.map((v, j) => (
                        <td key={j} style={{ background: i === j ? 'rgba(94,224,160,0.15)' : 'rgba(255,123,123,0.08)' }}>
                          {v}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
        <div>{rocPts.fpr.length > 1 ? <Chart title={`ROC curve (AUC ${fmt(model.metrics?.roc_auc, 4)})`} testId="plot-roc" data={roc} series={ROC_SERIES} xLabel="false positive rate" yLabel="true positive rate" height={260} /> : <p className="muted">No ROC points in this model card.</p>}</div>
      </div>
      {features.length > 0 && (
        <>
          <h3>Feature importance (gain)</h3>
          <div className="bars" data-testid="importance">
            {features.slice(0, 15).map((f) => (
              <div className="bar-row" key={f.name}>
                <span>{f.name}</span>
                <span className="bar-track">
                  <span className="bar pos" style={{ left: 0, width: `${(f.gain / maxImp) * 100}%` }} />
                </span>
                <span style={{ textAlign: 'right' }}>{fmt(f.gain, 3)}</span>
              </div>
            ))}
          </div>
        </>
      )}
      {Object.keys(hyper).length > 0 && (
        <p className="small muted">
          Hyperparameters:{' '}
          {Object.entries(hyper)
            .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
            .join(', ')}
        </p>
      )}
    </div>
  );
}

function FragmentKV({ k, v }: { k: string; v: string }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </>
  );
}

/** One training option, drawn from its /openapi.json description. */
function TrainField({ field: f }: { field: FormField }) {
  const label = TRAIN_LABELS[f.name] ?? f.name;
  if (f.enum) {
    return (
      <label className="field" title={f.description}>
        {label}
        <select name={f.name} defaultValue={String(f.default ?? f.enum[0])}>
          {f.enum.map((v) => (
            <option key={v} value={v}>
              {TRAIN_OPTION_LABELS[v] ?? v}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (f.type === 'boolean') {
    return (
      <label className="field check" title={f.description}>
        <input name={f.name} type="checkbox" defaultChecked={f.default === true} /> {label}
      </label>
    );
  }
  const numeric = f.type === 'number' || f.type === 'integer';
  return (
    <label className="field" title={f.description}>
      {label}
      <input
        name={f.name}
        type={numeric ? 'number' : 'text'}
        step={f.type === 'integer' ? '1' : 'any'}
        min={f.minimum}
        max={f.maximum}
        placeholder={f.default === undefined ? '' : String(f.default)}
      />
    </label>
  );
}

function Retrain({ onDone }: { onDone: () => void }) {
  const [job, setJob] = useState<TrainJob | null>(null);
  const [statusUrl, setStatusUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!statusUrl) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stop = false;
    const poll = async () => {
      try {
        const j = await apiFetch<TrainJob>(statusUrl);
        if (stop) return;
        setJob(j);
        if (j.status === 'done') onDone();
        if (j.status !== 'done' && j.status !== 'failed') timer = setTimeout(poll, 1000);
      } catch (e) {
        if (!stop) setError(errorMessage(e));
      }
    };
    poll();
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
    };
  }, [statusUrl, onDone]);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body = trainBody(new FormData(e.currentTarget));
    setBusy(true);
    setError(null);
    setJob(null);
    try {
      const r = await postJson<Accepted>('/models/train', body);
      // status_url may be absolute or a path; the page talks to the API through its own origin.
      const url = r.status_url ? r.status_url.replace(/^https?:\/\/[^/]+/, '') : `/api/v1/jobs/${encodeURIComponent(r.id)}`;
      setJob({ id: r.id, type: 'train', status: 'queued', progress: 0, stage: 'queued', params: {}, created_ms: 0, updated_ms: 0, result: null, error: null });
      setStatusUrl(url);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} aria-label="Retrain" data-testid="retrain-form">
      <h2>Retrain (admin)</h2>
      <div className="grid3">
        {trainFields().map((f) => (
          <TrainField key={f.name} field={f} />
        ))}
      </div>
      <div className="row" style={{ marginTop: 10 }}>
        <button type="submit" disabled={busy || (job !== null && job.status !== 'done' && job.status !== 'failed')} data-testid="retrain-submit">
          Start training
        </button>
      </div>
      <ErrorBox error={error} />
      {job && (
        <div data-testid="train-job" data-status={job.status}>
          <progress max={1} value={job.progress ?? 0} aria-label="Training progress" />
          <p className="small" role="status" aria-live="polite">
            Job {job.id}: {job.status}
            {job.stage ? ` — ${job.stage}` : ''} ({Math.round((job.progress ?? 0) * 100)}%)
          </p>
          {job.status === 'failed' && <ErrorBox error={job.error?.message ?? 'Training failed.'} />}
        </div>
      )}
    </form>
  );
}

export function Models() {
  const { user } = useSession();
  const admin = user?.role === 'admin';
  const [models, setModels] = useState<ModelList['models'] | null>(null);
  const [active, setActive] = useState<ModelCard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  // Bumped to read the list again (after an activation or a training run).
  const [version, setVersion] = useState(0);
  const load = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let stale = false;
    apiFetch<ModelList>('/models')
      .then(async (list) => {
        const id = list.active ?? list.models[0]?.id;
        const card = id ? await apiFetch<ModelCard>(`/models/${encodeURIComponent(id)}`) : null;
        if (stale) return;
        setModels(list.models);
        setActive(card);
        setError(null);
      })
      .catch((e) => !stale && setError(errorMessage(e)));
    return () => {
      stale = true;
    };
  }, [version]);

  const activate = async (id: string) => {
    setActionError(null);
    try {
      await postJson(`/models/${encodeURIComponent(id)}/activate`, {});
      load();
    } catch (e) {
      setActionError(errorMessage(e));
    }
  };

  return (
    <>
      <h1>Models</h1>
      <p className="lead">The classifier behind every verdict: how well it does on held-out stars, and what it looks at.</p>
      <ErrorBox error={error} />
      {!models && !error && <Loading>Loading models…</Loading>}
      {active && <Card model={active} />}
      {models && (
        <div className="panel">
          <h2>Versions</h2>
          {models.length === 0 ? (
            <div className="empty">No models loaded. Train one (admin) or set MODEL_PATH.</div>
          ) : (
            <div className="table-wrap">
              <table className="data" data-testid="model-list">
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Catalogue</th>
                    <th scope="col">Task</th>
                    <th scope="col">ROC AUC</th>
                    <th scope="col">Created</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {models.map((m) => (
                    <tr key={m.id}>
                      <td title={m.id}>{m.version}</td>
                      <td>{m.catalog}</td>
                      <td>{m.task}</td>
                      <td>{fmt(m.metrics.roc_auc, 4)}</td>
                      <td>{m.created}</td>
                      <td>
                        {m.active ? (
                          <span className="tag good">active</span>
                        ) : admin ? (
                          <button type="button" className="secondary" onClick={() => activate(m.id)}>
                            Activate
                          </button>
                        ) : (
                          <span className="muted">inactive</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <ErrorBox error={actionError} />
        </div>
      )}
      {admin ? <Retrain onDone={load} /> : <p className="small muted">Log in as an administrator to retrain or activate models.</p>}
    </>
  );
}
