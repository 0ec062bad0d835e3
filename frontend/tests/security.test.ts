import { describe, expect, it } from 'vitest';

import { clientAddress, PEER_HEADER, PEER_STAMPED, setForwardedFor } from '@/lib/client-address';
import { contentSecurityPolicy } from '@/lib/csp';

describe('client address for the backend', () => {
  const flags = globalThis as Record<symbol, unknown>;
  const forged = new Headers({ 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '6.6.6.6', [PEER_HEADER]: '::ffff:192.0.2.7' });
  it('is the connection\'s address, never the client\'s own headers', () => {
    flags[PEER_STAMPED] = true;
    expect(clientAddress(forged, {})).toBe('192.0.2.7');
    const out = new Headers({ 'x-forwarded-for': '6.6.6.6', forwarded: 'for=6.6.6.6', [PEER_HEADER]: 'x' });
    setForwardedFor(out, clientAddress(forged, {}));
    expect([out.get('x-forwarded-for'), out.get('x-real-ip'), out.get('forwarded'), out.get(PEER_HEADER)]).toEqual(['192.0.2.7', '192.0.2.7', null, null]);
  });
  it('behind a trusted proxy is the last hop that proxy appended', () => {
    flags[PEER_STAMPED] = true;
    const headers = new Headers({ 'x-forwarded-for': '6.6.6.6, 198.51.100.4', [PEER_HEADER]: '10.0.0.2' });
    expect(clientAddress(headers, { EXODETECT_TRUST_PROXY: '1' })).toBe('198.51.100.4');
    expect(clientAddress(headers, {})).toBe('10.0.0.2');
  });
  it('is unknown (and nothing is forwarded) when the server did not stamp the connection', () => {
    flags[PEER_STAMPED] = false;
    expect(clientAddress(forged, {})).toBeNull();
    const out = new Headers({ 'x-forwarded-for': '6.6.6.6' });
    setForwardedFor(out, null);
    expect(out.has('x-forwarded-for')).toBe(false);
  });
});

describe('content security policy', () => {
  it('runs scripts by nonce only, never inline ones', () => {
    const csp = contentSecurityPolicy('abc123');
    const scripts = csp.split('; ').find((d) => d.startsWith('script-src')) ?? '';
    expect(scripts).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy('n', true)).toContain("'unsafe-eval'");
  });
  it('takes style elements by nonce only, and style attributes as they are', () => {
    const directives = contentSecurityPolicy('abc123').split('; ');
    expect(directives).toContain("style-src-elem 'self' 'nonce-abc123'");
    expect(directives).toContain("style-src-attr 'unsafe-inline'");
    expect(directives.find((d) => d.startsWith('style-src '))).toBe("style-src 'self' 'nonce-abc123'");
  });
});
