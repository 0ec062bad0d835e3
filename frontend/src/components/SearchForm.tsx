'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, type DragEvent, type FormEvent } from 'react';

import { errorMessage, postForm } from '@/lib/api';
import { SEARCH_FIELDS } from '@/lib/api-forms';
import type { FormField } from '@/lib/form-field';
import type { Accepted } from '@/lib/types';

import { ErrorBox } from './Status';

const ACCEPT = '.fits,.fit,.fts,.fits.gz,.fit.gz,.csv,.csv.gz,.txt,.dat,.gz';

type Group = 'search' | 'columns' | 'star';

interface FieldLook {
  label: string;
  unit?: string;
  group: Group;
  options?: Record<string, string>;
}

// How the documented fields read in the Lab. Fields the API documents and this table does not
// name still show (under "Other", by their API name); fields the API does not document never do.
const LOOK: Record<string, FieldLook> = {
  period_min: { label: 'Min period', unit: 'days', group: 'search' },
  period_max: { label: 'Max period', unit: 'days', group: 'search' },
  durations: { label: 'Durations', unit: 'hours, comma separated', group: 'search' },
  detrend_window: { label: 'Detrending window', unit: 'days', group: 'search' },
  detrend_window_days: { label: 'Detrending window', unit: 'days', group: 'search' },
  max_planets: { label: 'Max planets', group: 'search' },
  snr_min: { label: 'Min SNR', group: 'search' },
  sde_min: { label: 'Min SDE', group: 'search' },
  flux: {
    label: 'Flux (FITS)',
    group: 'columns',
    // What fits_reader does: PDCSAP_FLUX, else a column named FLUX (HLSPs); never SAP by itself.
    options: { pdcsap: 'PDCSAP_FLUX (or FLUX in HLSPs)', sap: 'SAP_FLUX' },
  },
  time_column: { label: 'Time column', group: 'columns' },
  flux_column: { label: 'Flux column', group: 'columns' },
  flux_err_column: { label: 'Flux error column', group: 'columns' },
  target: { label: 'Target id', unit: 'TIC, KIC, EPIC, TOI, KOI', group: 'star' },
  teff: { label: 'Teff', unit: 'K', group: 'star' },
  teff_k: { label: 'Teff', unit: 'K', group: 'star' },
  logg: { label: 'log g', unit: 'cgs', group: 'star' },
  logg_cgs: { label: 'log g', unit: 'cgs', group: 'star' },
  radius: { label: 'Radius', unit: 'R☉', group: 'star' },
  radius_sun: { label: 'Radius', unit: 'R☉', group: 'star' },
  mass: { label: 'Mass', unit: 'M☉', group: 'star' },
  mass_sun: { label: 'Mass', unit: 'M☉', group: 'star' },
  magnitude: { label: 'Magnitude', unit: 'Kepler or TESS', group: 'star' },
};

const LOOK_ORDER = Object.keys(LOOK);
const order = (name: string) => (LOOK_ORDER.includes(name) ? LOOK_ORDER.indexOf(name) : LOOK_ORDER.length);

const GROUPS: { key: Group | 'other'; title: string }[] = [
  { key: 'search', title: 'Search' },
  { key: 'columns', title: 'Columns' },
  { key: 'star', title: 'Star' },
  { key: 'other', title: 'Other' },
];

function FieldInput({ field }: { field: FormField }) {
  const look = LOOK[field.name];
  const def = field.default === undefined ? undefined : String(field.default);
  const help = field.description ?? (def !== undefined ? `default ${def}` : undefined);
  let control;
  if (field.enum) {
    control = (
      <select name={field.name} defaultValue="">
        <option value="">default{def !== undefined ? ` (${look?.options?.[def] ?? def})` : ''}</option>
        {field.enum.map((v) => (
          <option key={v} value={v}>
            {look?.options?.[v] ?? v}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'number' || field.type === 'integer') {
    control = <input name={field.name} type="number" min={field.minimum} max={field.maximum} step={field.type === 'integer' ? 1 : 'any'} placeholder={def ?? 'default'} />;
  } else {
    control = <input name={field.name} type="text" placeholder={def ?? 'default'} />;
  }
  return (
    <label className="field" title={help}>
      <span>
        {look?.label ?? field.name} {look?.unit && <span className="unit">{look.unit}</span>}
      </span>
      {control}
      {help && <span className="help">{help}</span>}
    </label>
  );
}

/** The documented search fields, grouped; only these are ever sent. */
function SearchFields() {
  return (
    <>
      {GROUPS.map(({ key, title }) => {
        const fields = SEARCH_FIELDS.filter((f) => (LOOK[f.name]?.group ?? 'other') === key).sort((a, b) => order(a.name) - order(b.name));
        if (!fields.length) return null;
        return (
          <fieldset key={key} className="fields" data-testid={`fields-${key}`}>
            <legend>{title}</legend>
            <div className="grid3">
              {fields.map((f) => (
                <FieldInput key={f.name} field={f} />
              ))}
            </div>
          </fieldset>
        );
      })}
    </>
  );
}

/** Multipart body: the files, then each documented field the user filled in. */
export function searchBody(files: File[], values: FormData): FormData {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  for (const { name } of SEARCH_FIELDS) {
    const v = values.get(name);
    if (typeof v === 'string' && v.trim() !== '') form.append(name, v.trim());
  }
  return form;
}

export function SearchForm() {
  const router = useRouter();
  const [files, setFiles] = useState<File[]>([]);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

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
    setBusy(true);
    setError(null);
    try {
      const job = await postForm<Accepted>('/searches', searchBody(files, new FormData(e.currentTarget)));
      router.push(`/lab/${encodeURIComponent(job.id)}`);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} aria-label="New search" ref={formRef}>
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
        <input ref={input} type="file" multiple accept={ACCEPT} hidden data-testid="file-input" onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
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
        <p className="small muted">Empty fields take the API&apos;s defaults, shown greyed in each field.</p>
        <SearchFields />
        <button type="button" className="secondary" data-testid="reset-defaults" onClick={() => formRef.current?.reset()}>
          Reset to defaults
        </button>
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
