// Browser-side API client. Calls go to the same origin (/api/v1/...), which the Next.js server
// forwards to the backend with the session's token; errors carry the API's own message.

import type { paths } from './api-schema';
import { download } from './csv';
import type { ApiErrorBody } from './types';

type RowError = NonNullable<ApiErrorBody['errors']>[number];

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** Each row's reason when no row of a prediction request could be scored (422). */
    readonly rowErrors: RowError[] = [],
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
    const { error, errors } = JSON.parse(text) as ApiErrorBody;
    if (error?.message) {
      const rows = Array.isArray(errors) ? errors : [];
      return new ApiError(rows.length ? rowsMessage(rows) : error.message, res.status, error.code, rows);
    }
  } catch {
    // not JSON
  }
  const message = text.trim() ? text.trim().slice(0, 300) : `${res.status} ${res.statusText || 'request failed'}`;
  return new ApiError(message, res.status, `http_${res.status}`);
}

/** "No row could be scored: row 3: ... (and 4 more rows)", the rows' own reasons for people. */
function rowsMessage(rows: RowError[]): string {
  const more = rows.length > 1 ? ` (and ${rows.length - 1} more row${rows.length > 2 ? 's' : ''})` : '';
  return `No row could be scored: row ${rows[0].row}: ${rows[0].message}${more}`;
}

/** The API's successful response to `path` (under /api/v1 unless it starts with /api/); an ApiError otherwise. */
async function send(path: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path.startsWith('/api/') ? path : `${API_PREFIX}${path}`, { cache: 'no-store', ...init });
  } catch (e) {
    throw new ApiError(`Network error: ${(e as Error).message}`, 0, 'network');
  }
  if (!res.ok) throw await errorFrom(res);
  return res;
}

export async function apiFetch<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await send(path, init);
  // 204 No Content (a DELETE) has no body to read.
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** The API's text answer to `path` (a CSV); an ApiError otherwise. */
export async function apiText(path: string, init?: RequestInit): Promise<string> {
  return (await send(path, init)).text();
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return apiFetch<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export function postForm<T>(path: string, form: FormData): Promise<T> {
  return apiFetch<T>(path, { method: 'POST', body: form });
}

/** A path of the OpenAPI document with its {name} segments filled in (URL-encoded). */
export function apiPath<P extends keyof paths>(template: P, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`apiPath: no value for {${name}} in ${template}`);
    return encodeURIComponent(String(params[name]));
  });
}

/** The filename a Content-Disposition header gives, if any. */
export function dispositionFilename(header: string | null): string | null {
  return /filename="([^"]+)"/.exec(header ?? '')?.[1] ?? null;
}

/**
 * Downloads a file the API serves (a CSV) as the browser's download, named as the API names it or
 * `fallbackName`; a failure is an ApiError with the API's message.
 */
export async function downloadFrom(path: string, fallbackName: string, init?: RequestInit): Promise<void> {
  const res = await send(path, init);
  download(dispositionFilename(res.headers.get('content-disposition')) ?? fallbackName, await res.blob(), res.headers.get('content-type') ?? 'application/octet-stream');
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
