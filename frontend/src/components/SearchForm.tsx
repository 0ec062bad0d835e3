'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, type DragEvent, type FormEvent } from 'react';

import { errorMessage, postForm } from '@/lib/api';
import { SEARCH_FIELDS } from '@/lib/api-forms';
import { fieldsOf, type Group } from '@/lib/search-fields';
import type { Accepted } from '@/lib/types';

import { FieldInput } from './FieldInput';
import { StarInputs } from './StarPanel';
import { ErrorBox } from './Status';

const ACCEPT = '.fits,.fit,.fts,.fits.gz,.fit.gz,.csv,.csv.gz,.txt,.dat,.gz';

const ADVANCED: { key: Group; title: string }[] = [
  { key: 'search', title: 'Search' },
  { key: 'columns', title: 'Columns' },
  { key: 'other', title: 'Other' },
];

/** The documented search fields under Advanced, grouped; only documented fields are ever sent. */
function AdvancedFields() {
  return (
    <>
      {ADVANCED.map(({ key, title }) => {
        const fields = fieldsOf(key);
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
  for (const field of SEARCH_FIELDS) {
    const v = values.get(field.name);
    if (field.type === 'boolean') {
      // A checkbox: sent when it differs from the API's default.
      const on = v === 'true';
      if (on !== (field.default === true)) form.append(field.name, String(on));
    } else if (typeof v === 'string' && v.trim() !== '') {
      form.append(field.name, v.trim());
    }
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
      <StarInputs />
      <details className="adv">
        <summary>Advanced search parameters</summary>
        <p className="small muted">Empty fields take the API&apos;s defaults, shown greyed in each field.</p>
        <AdvancedFields />
        <button type="button" className="secondary" data-testid="reset-defaults" onClick={() => formRef.current?.reset()}>
          Reset to defaults
        </button>
      </details>
      <div className="row" style={{ marginTop: 12 }}>
        {fieldsOf('main').map((f) => (
          <FieldInput key={f.name} field={f} />
        ))}
        <button type="submit" disabled={busy} data-testid="search-submit">
          {busy ? 'Uploading…' : 'Search for transits'}
        </button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}
