// Server-only: where the Next.js server forwards /api calls, and the auth cookie's name.
// Read at request time (not inlined at build), so one build serves any backend address.

export const TOKEN_COOKIE = 'exodetect_token';

export function backendUrl(): string {
  const env = process.env;
  const url = env['EXODETECT_API_URL'] || env['NEXT_PUBLIC_API_URL'] || 'http://127.0.0.1:8000';
  return url.replace(/\/+$/, '');
}

/** A JSON error in the API's own shape, for failures of the proxy itself. */
export function proxyError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}
