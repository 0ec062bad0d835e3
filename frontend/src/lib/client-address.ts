// Server only: the browser's address for the backend's per-client limits and logs. Never the
// client's own X-Forwarded-For / X-Real-IP (anyone can send those): the socket's address
// (stamped by peer-address.ts), or, where a trusted reverse proxy connects
// (EXODETECT_TRUST_PROXY=1, as the backend reads it), the last hop that proxy appended.

export const PEER_HEADER = 'x-exodetect-peer';
export const PEER_STAMPED = Symbol.for('exodetect.peer-address');

/** Headers that name a client address; a client's own values are never passed on. */
export const ADDRESS_HEADERS = ['x-forwarded-for', 'x-real-ip', 'forwarded', PEER_HEADER];

/** "::ffff:127.0.0.1" (an IPv4 client of a dual-stack socket) as 127.0.0.1. */
function plain(address: string): string {
  const a = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a) ? a.slice(7) : a;
}

/** The address that sent this request, or null when the server cannot know it. */
export function clientAddress(headers: Headers, env: Record<string, string | undefined> = process.env): string | null {
  const stamped = (globalThis as Record<symbol, unknown>)[PEER_STAMPED] === true;
  const peer = stamped ? plain(headers.get(PEER_HEADER) ?? '') : '';
  if (!peer) return null;
  if (env['EXODETECT_TRUST_PROXY'] === '1') {
    const hops = (headers.get('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    if (hops.length) return plain(hops[hops.length - 1]);
  }
  return peer;
}

/** Sets X-Forwarded-For and X-Real-IP on a request to the backend (removes them when unknown). */
export function setForwardedFor(out: Headers, address: string | null): void {
  for (const h of ADDRESS_HEADERS) out.delete(h);
  if (address) {
    out.set('x-forwarded-for', address);
    out.set('x-real-ip', address);
  }
}
