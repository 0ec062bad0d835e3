// Forwards /api/v1/* to the backend, streaming responses (server-sent events) back, and adds
// the bearer token from the httpOnly cookie so page scripts never see it. The backend learns the
// browser's address from the connection (client-address.ts), never from the browser's headers.
import { cookies } from 'next/headers';
import type { NextRequest } from 'next/server';

import { backendUrl, proxyError, TOKEN_COOKIE } from '@/lib/backend';
import { ADDRESS_HEADERS, clientAddress, setForwardedFor } from '@/lib/client-address';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

// Per-hop headers (undici refuses some, e.g. curl's Expect: 100-continue) and the browser's cookies.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'expect', 'proxy-connection', 'host', 'content-length', 'cookie']);
// Not asked of the backend: this hop is local, the body is decompressed here anyway, and the
// API's gzip of a large plot document costs seconds (18 s for 2.5 MB measured).
const NOT_FORWARDED = new Set([...HOP_BY_HOP, 'accept-encoding', ...ADDRESS_HEADERS]);

async function forward(req: NextRequest, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await params;
  const target = `${backendUrl()}/api/v1/${path.map(encodeURIComponent).join('/')}${req.nextUrl.search}`;
  const headers = new Headers();
  req.headers.forEach((value, key) => {
    if (!NOT_FORWARDED.has(key.toLowerCase())) headers.set(key, value);
  });
  const token = (await cookies()).get(TOKEN_COOKIE)?.value;
  if (token && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
  setForwardedFor(headers, clientAddress(req.headers));

  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: req.method,
      headers,
      // Buffered (uploads are capped by the API anyway) so the API gets a Content-Length.
      body: hasBody ? await req.arrayBuffer() : undefined,
      redirect: 'manual',
      cache: 'no-store',
      signal: req.signal,
    });
  } catch (e) {
    return proxyError(502, 'backend_unreachable', `The exodetect API at ${backendUrl()} is unreachable (${(e as Error).message}).`);
  }
  const out = new Headers();
  upstream.headers.forEach((value, key) => {
    const k = key.toLowerCase();
    if (!HOP_BY_HOP.has(k) && k !== 'content-encoding') out.set(key, value);
  });
  if ((upstream.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    out.set('cache-control', 'no-cache, no-transform');
    out.set('x-accel-buffering', 'no');
  }
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out });
}

export { forward as GET, forward as POST, forward as PUT, forward as PATCH, forward as DELETE };
