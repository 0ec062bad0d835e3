'use client';

import { useMemo } from 'react';

import { apiFetch } from '@/lib/api';
import { catalogueHost, hostRowsPath, knownObjects, matchKnown, type KnownMatch } from '@/lib/catalogue-match';
import type { CatalogPage, SearchResult } from '@/lib/types';

import { useFetched } from './use-fetched';

export interface KnownState {
  /** no-star: the search looked up no catalogue star; else whether the matches are in. */
  status: 'no-star' | 'loading' | 'error' | 'done';
  /** Per candidate, in order: its known object, or null. */
  matches: (KnownMatch | null)[];
  error: string | null;
}

/** The catalogue objects on the searched star that the candidates match (by period). */
export function useKnownObjects(result: SearchResult | null | undefined): KnownState {
  const host = useMemo(() => (result ? catalogueHost(result) : null), [result]);
  const path = host ? hostRowsPath(host) : null;
  const { data, error, loading } = useFetched(path, () => apiFetch<CatalogPage>(path ?? ''));
  return useMemo(() => {
    const candidates = result?.candidates ?? [];
    if (!host) return { status: 'no-star', matches: candidates.map(() => null), error: null };
    if (error) return { status: 'error', matches: candidates.map(() => null), error };
    if (loading || !data) return { status: 'loading', matches: candidates.map(() => null), error: null };
    const known = knownObjects(host, data.rows);
    return { status: 'done', matches: candidates.map((c) => matchKnown(c, known)), error: null };
  }, [host, data, error, loading, result]);
}
