// Browser-side API client. Calls go to the same origin (/api/v1/...), which the Next.js server
// forwards to the backend with the session's token; errors carry the API's own message.

import type { ApiErrorBody } from './types';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const API_PREFIX = '/api/v1';

/**
 * Turns a failed response into an ApiError with the API's {"error": {code, message}} text; a body
 * that is not that (a proxy's HTML page, an empty 502) gives its text or the status line.
 */
export async function errorFrom(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const { error } = JSON.parse(text) as ApiErrorBody;
    if (error?.message) return new ApiError(error.message, res.status, error.code);
  } catch {
    // not JSON
  }
  const message = text.trim() ? text.trim().slice(0, 300) : `${res.status} ${res.statusText || 'request failed'}`;
  return new ApiError(message, res.status, `http_${res.status}`);
}

export async function apiFetch<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path.startsWith('/api/') ? path : `${API_PREFIX}${path}`, { cache: 'no-store', ...init });
  } catch (e) {
    throw new ApiError(`Network error: ${(e as Error).message}`, 0, 'network');
  }
  if (!res.ok) throw await errorFrom(res);
  // 204 No Content (a DELETE) has no body to read.
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return apiFetch<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export function postForm<T>(path: string, form: FormData): Promise<T> {
  return apiFetch<T>(path, { method: 'POST', body: form });
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** URL query string from the defined, non-empty entries of `params`. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
