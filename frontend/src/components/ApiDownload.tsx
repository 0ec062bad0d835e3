'use client';

import { useState, type ReactNode } from 'react';

import { downloadFrom, errorMessage } from '@/lib/api';

/** A button that downloads a file the API serves (through the /api/v1 proxy), with the API's error beside it when it fails. */
export function ApiDownload({ path, filename, init, testId, disabled, title, children }: { path: string; filename: string; init?: RequestInit; testId: string; disabled?: boolean; title?: string; children: ReactNode }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const click = async () => {
    setBusy(true);
    setError(null);
    try {
      await downloadFrom(path, filename, init);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="secondary" data-testid={testId} disabled={disabled || busy} title={title} onClick={click}>
        {busy ? 'Preparing…' : children}
      </button>
      {error && (
        <span className="small" role="alert" data-testid={`${testId}-error`}>
          {error}
        </span>
      )}
    </>
  );
}
