'use client';

import { useSearchParams } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';

import { apiPath, errorMessage, postForm, postJson } from '@/lib/api';
import { CLASSIFY_FIELDS, formToRow, validateClassify, type FormErrors, type FormValues } from '@/lib/classify-fields';
import { keptColumns, parseCsv, readCsvFile, type BatchInput } from '@/lib/batch';
import { sortRows, type SortDir } from '@/lib/sort';
import type { Prediction, PredictResponse } from '@/lib/types';

import { ApiDownload } from './ApiDownload';
import { ExplanationBars } from './ExplanationBars';
import { ErrorBox, Loading } from './Status';
import { labelClass, pct } from './format';

function SingleForm() {
  const params = useSearchParams();
  // A row sent from the catalogue arrives in the URL (Classify remounts this form when it changes).
  const [values, setValues] = useState<FormValues>(() => {
    const v: FormValues = {};
    for (const f of CLASSIFY_FIELDS) {
      const p = params.get(f.name);
      if (p !== null) v[f.name] = p;
    }
    return v;
  });
  const [errors, setErrors] = useState<FormErrors>({});
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const [apiError, setApiError] = useState<string | null>(null);
  const [result, setResult] = useState<Prediction | null>(null);
  const [modelId, setModelId] = useState('');
  const source = params.get('source');

  const set = (name: string, value: string) => {
    const next = { ...values, [name]: value };
    setValues(next);
    setErrors(validateClassify(next));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs = validateClassify(values);
    setErrors(errs);
    setTouched(Object.fromEntries(CLASSIFY_FIELDS.map((f) => [f.name, true])));
    if (Object.keys(errs).length) return;
    setBusy(true);
    setApiError(null);
    setResult(null);
    try {
      const r = await postJson<PredictResponse>('/predict', { rows: [formToRow(values)] });
      if (r.predictions?.length) {
        setResult(r.predictions[0]);
        setModelId(r.model.id);
      } else setApiError('The API returned no prediction.');
    } catch (err) {
      setApiError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const example = () => {
    const v = Object.fromEntries(CLASSIFY_FIELDS.map((f) => [f.name, String(f.example)]));
    setValues(v);
    setErrors({});
  };

  return (
    <form className="panel" onSubmit={submit} noValidate aria-label="Classify one candidate" data-testid="classify-form">
      <h2>One candidate</h2>
      {source && <p className="small muted">From the catalogue: {source}</p>}
      <div className="grid3">
        {CLASSIFY_FIELDS.map((f) => {
          const err = touched[f.name] ? errors[f.name] : undefined;
          return (
            <label className="field" key={f.name}>
              <span>
                {f.label}
                {f.required ? ' *' : ''} {f.unit && <span className="unit">({f.unit})</span>}
              </span>
              <input
                name={f.name}
                inputMode="decimal"
                value={values[f.name] ?? ''}
                placeholder={String(f.example)}
                aria-invalid={err ? 'true' : undefined}
                aria-describedby={err ? `${f.name}-err` : undefined}
                onChange={(e) => set(f.name, e.target.value)}
                onBlur={() => setTouched((t) => ({ ...t, [f.name]: true }))}
              />
              {err && (
                <span className="err-text" id={`${f.name}-err`}>
                  {err}
                </span>
              )}
            </label>
          );
        })}
      </div>
      <div className="row" style={{ marginTop: 12 }}>
        <button type="submit" disabled={busy} data-testid="classify-submit">
          {busy ? 'Scoring…' : 'Classify'}
        </button>
        <button type="button" className="secondary" onClick={example}>
          Fill with WASP-126 b
        </button>
      </div>
      <ErrorBox error={apiError} />
      {result && (
        <div className="panel" data-testid="classify-result" aria-live="polite">
          <p>
            Planet probability <strong data-testid="probability">{pct(result.planet_probability)}</strong>{' '}
            <span className={`tag ${labelClass(result.label)}`}>{result.label.replace('_', ' ')}</span>
          </p>
          <ExplanationBars explanation={result.explanation ?? []} />
          {result.scored_with !== modelId && (
            <p className="muted" data-testid="scored-with">
              Scored by the active model&apos;s embedded candidate model ({result.scored_with}): a typed-in row has none of
              the catalogue context (other signals on the star, ephemeris matches, neighbours) the full model reads.
            </p>
          )}
        </div>
      )}
    </form>
  );
}

type BatchKey = 'row' | 'id' | 'planet_probability' | 'label' | 'top';

/** Rows that the active model handed to its embedded candidate model (no catalogue context, or no uncertainty columns). */
function byCandidateModel(data: PredictResponse): number {
  return data.predictions.filter((p) => p.scored_with !== data.model.id).length;
}

function topFeature(p: Prediction): string {
  const top = [...(p.explanation ?? [])].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))[0];
  return top ? `${top.feature} (${top.contribution >= 0 ? '+' : ''}${top.contribution.toFixed(2)})` : '';
}

function Batch() {
  const [file, setFile] = useState<File | null>(null);
  // The file that was scored, sent again for the API's CSV of the same results.
  const [scored, setScored] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [data, setData] = useState<PredictResponse | null>(null);
  const [input, setInput] = useState<BatchInput | null>(null);
  const [sort, setSort] = useState<{ key: BatchKey; dir: SortDir }>({ key: 'planet_probability', dir: 'desc' });
  const [open, setOpen] = useState<number | null>(null);

  const rows = useMemo(() => {
    const preds = data?.predictions ?? [];
    const get = (p: Prediction) => (sort.key === 'top' ? topFeature(p) : p[sort.key]);
    return sortRows(preds, get, sort.dir);
  }, [data, sort]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setError('Choose a CSV export (KOI, TOI or K2; .csv.gz too).');
      return;
    }
    const form = new FormData();
    form.append('file', file, file.name);
    setBusy(true);
    setError(null);
    setData(null);
    setInput(null);
    setScored(null);
    // The file's own id and disposition columns, read here to go beside the scores.
    readCsvFile(file)
      .then((text) => {
        const { header, rows } = parseCsv(text);
        setInput(keptColumns(header, rows));
      })
      .catch(() => setInput(null));
    try {
      setData(await postForm<PredictResponse>('/predict/batch', form));
      setScored(file);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const header = (key: BatchKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" onClick={() => setSort((s) => ({ key, dir: s.key === key && s.dir === 'desc' ? 'asc' : 'desc' }))}>
        {label} {sort.key === key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
      </button>
    </th>
  );

  const csvRequest = useMemo((): RequestInit | undefined => {
    if (!scored) return undefined;
    const form = new FormData();
    form.append('file', scored, scored.name);
    return { method: 'POST', headers: { accept: 'text/csv' }, body: form };
  }, [scored]);
  // The input's disposition column, when it has one, shown beside the model's verdict.
  const dispIndex = input ? input.columns.findIndex((c) => /disp/i.test(c) && !/pdisp/i.test(c)) : -1;
  const disposition = (p: Prediction) => (dispIndex >= 0 ? input?.values[p.row]?.[dispIndex] || '—' : null);

  return (
    <form className="panel" onSubmit={submit} aria-label="Classify a batch" data-testid="batch-form">
      <h2>Batch upload</h2>
      <p className="small muted">A KOI, TOI or K2 export from the NASA Exoplanet Archive, or any CSV with those columns.</p>
      <div className="row">
        <input type="file" accept=".csv,.csv.gz,.gz,.txt" aria-label="CSV file to classify" data-testid="batch-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="submit" disabled={busy} data-testid="batch-submit">
          {busy ? 'Scoring…' : 'Score the file'}
        </button>
        {data && csvRequest && (
          <ApiDownload path={apiPath('/api/v1/predict/batch', {})} filename="exodetect-predictions.csv" init={csvRequest} testId="batch-download">
            Download CSV
          </ApiDownload>
        )}
      </div>
      <ErrorBox error={error} />
      {busy && <Loading>Scoring…</Loading>}
      {data && (
        <>
          <p className="small" data-testid="batch-summary">
            {data.predictions.length} rows scored
            {data.errors?.length ? `, ${data.errors.length} rows with errors (first: row ${data.errors[0].row}: ${data.errors[0].message})` : ''}
            {data.ignored_columns?.length ? `; ${data.ignored_columns.length} columns ignored` : ''}
            {byCandidateModel(data) ? `; ${byCandidateModel(data)} without catalogue context or uncertainty columns, scored by the embedded candidate model` : ''}.
          </p>
          <div className="table-wrap" style={{ maxHeight: 520 }}>
            <table className="data" data-testid="batch-table">
              <thead>
                <tr>
                  {header('row', 'Row')}
                  {header('id', 'Object')}
                  {header('planet_probability', 'P(planet)')}
                  {dispIndex >= 0 && <th scope="col">{input?.columns[dispIndex]}</th>}
                  {header('label', 'Label')}
                  {header('top', 'Main reason')}
                  <th scope="col">Explain</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, 500).map((p) => (
                  <FragmentRow key={p.row} p={p} disposition={disposition(p)} open={open === p.row} onToggle={() => setOpen(open === p.row ? null : p.row)} />
                ))}
              </tbody>
            </table>
          </div>
          {rows.length > 500 && <p className="small muted">Showing the first 500 rows of {rows.length}; the CSV has them all.</p>}
        </>
      )}
    </form>
  );
}

function FragmentRow({ p, disposition, open, onToggle }: { p: Prediction; disposition: string | null; open: boolean; onToggle: () => void }) {
  return (
    <>
      <tr>
        <td>{p.row}</td>
        <td>{p.id ?? '—'}</td>
        <td>{pct(p.planet_probability)}</td>
        {disposition !== null && <td data-testid="batch-disposition">{disposition}</td>}
        <td>{p.label}</td>
        <td>{topFeature(p)}</td>
        <td>
          <button type="button" className="secondary" aria-expanded={open} onClick={onToggle}>
            {open ? 'Hide' : 'Show'}
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={disposition !== null ? 7 : 6} style={{ textAlign: 'left', whiteSpace: 'normal' }}>
            <ExplanationBars explanation={p.explanation ?? []} label={`Contributions for row ${p.row}`} />
          </td>
        </tr>
      )}
    </>
  );
}

export function Classify() {
  const params = useSearchParams();
  return (
    <>
      <h1>Classify</h1>
      <p className="lead">Score a transit candidate with the active model and see which measurements drove the verdict.</p>
      <SingleForm key={params.toString()} />
      <Batch />
    </>
  );
}
