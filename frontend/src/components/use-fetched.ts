'use client';

import { useEffect, useState } from 'react';

import { errorMessage } from '@/lib/api';

export interface Fetched<T> {
  /** The latest answer, kept while the next key loads (no flicker between pages). */
  data: T | null;
  error: string | null;
  /** True until the answer for the current key is in. */
  loading: boolean;
}

/**
 * Runs `fetcher` whenever `key` changes (null: nothing to fetch) and keeps its answer; a late
 * answer for an older key is dropped. State changes only when an answer arrives.
 */
export function useFetched<T>(key: string | null, fetcher: () => Promise<T>): Fetched<T> {
  const [state, setState] = useState<{ key: string | null; data: T | null; error: string | null }>({ key: null, data: null, error: null });
  useEffect(() => {
    if (key === null) return;
    let stale = false;
    fetcher().then(
      (data) => !stale && setState({ key, data, error: null }),
      (e) => !stale && setState((s) => ({ key, data: s.data, error: errorMessage(e) })),
    );
    return () => {
      stale = true;
    };
    // The key names the request: a new fetcher for the same key is the same request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const current = key !== null && state.key === key;
  return { data: state.data, error: current ? state.error : null, loading: key !== null && !current };
}
