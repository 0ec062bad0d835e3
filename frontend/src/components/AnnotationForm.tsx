'use client';

import { useState, type FormEvent } from 'react';

import { errorMessage } from '@/lib/api';
import { saveAnnotation, searchDate, VERDICTS, verdictLabel } from '@/lib/my-searches';
import type { Annotation, Verdict } from '@/lib/types';

import { ErrorBox } from './Status';

/** The user's own verdict on a candidate, beside the model's; shown to everyone who opens the search. */
export function SavedAnnotation({ annotation }: { annotation: Annotation | null | undefined }) {
  if (!annotation) return <span className="muted">—</span>;
  return (
    <span data-testid="cand-annotation">
      <span className="tag">{verdictLabel(annotation.verdict)}</span>
      {annotation.note ? <span className="small"> {annotation.note}</span> : null}
    </span>
  );
}

/** Records the owner's verdict and note on candidate `index` (0-based) of search `id`. */
export function AnnotationForm({ id, index, annotation, onSaved }: { id: string; index: number; annotation: Annotation | null | undefined; onSaved: (a: Annotation) => void }) {
  const [verdict, setVerdict] = useState<Verdict>(annotation?.verdict ?? 'unsure');
  const [note, setNote] = useState(annotation?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await saveAnnotation(id, index, { verdict, note });
      onSaved(saved.annotation);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="row annotation-form" onSubmit={submit} data-testid="annotation-form" aria-label={`Your verdict on candidate ${index + 1}`}>
      <strong>#{index + 1}</strong>
      <label className="field">
        Your verdict
        <select value={verdict} onChange={(e) => setVerdict(e.target.value as Verdict)} data-testid="annotation-verdict">
          {VERDICTS.map((v) => (
            <option key={v.value} value={v.value}>
              {v.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field" style={{ flex: 1, minWidth: 200 }}>
        Note
        <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} data-testid="annotation-note" />
      </label>
      <button type="submit" disabled={busy} data-testid="annotation-save">
        {busy ? 'Saving…' : 'Save'}
      </button>
      {annotation ? <span className="small muted">saved {searchDate(annotation.updated_ms)}</span> : null}
      <ErrorBox error={error} />
    </form>
  );
}
