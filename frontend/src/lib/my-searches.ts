// The user's kept work: their searches (paged) and their own verdict on each candidate.
import { apiFetch, query } from './api';
import type { AnnotationRequest, AnnotationSaved, Verdict } from './types';

export const VERDICTS: { value: Verdict; label: string }[] = [
  { value: 'planet', label: 'Planet' },
  { value: 'false_positive', label: 'False positive' },
  { value: 'unsure', label: 'Unsure' },
];

export const MY_SEARCHES_PAGE_SIZE = 20;

/** The list request for a 0-based page. */
export function mySearchesPath(page: number, pageSize = MY_SEARCHES_PAGE_SIZE): string {
  return `/me/searches${query({ offset: Math.max(0, page) * pageSize, limit: pageSize })}`;
}

/** Pages in a list of `total` items (at least one, so an empty list still reads "page 1 of 1"). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The page to show after deleting the last row of `page`: the one before, when it empties. */
export function pageAfterDelete(page: number, rowsOnPage: number): number {
  return rowsOnPage <= 1 && page > 0 ? page - 1 : page;
}

/** The Lab's result page of a search. */
export const resultHref = (id: string): string => `/lab/${encodeURIComponent(id)}`;

const searchPath = (id: string) => `/searches/${encodeURIComponent(id)}`;

/** DELETE answers 204 (no body); 409 not_finished while the search runs. */
export function deleteSearch(id: string): Promise<void> {
  return apiFetch<void>(searchPath(id), { method: 'DELETE' });
}

/** The PUT that records a verdict and note on candidate `index` (0-based, as in result.candidates). */
export function annotationRequest(id: string, index: number, body: AnnotationRequest): { path: string; init: RequestInit } {
  return {
    path: `${searchPath(id)}/candidates/${index}/annotation`,
    init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verdict: body.verdict, note: body.note ?? '' }) },
  };
}

export function saveAnnotation(id: string, index: number, body: AnnotationRequest): Promise<AnnotationSaved> {
  const { path, init } = annotationRequest(id, index, body);
  return apiFetch<AnnotationSaved>(path, init);
}

export const verdictLabel = (v: string): string => VERDICTS.find((x) => x.value === v)?.label ?? v;

/** A creation time as "YYYY-MM-DD HH:MM UTC" (the same on server and client). */
export function searchDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
