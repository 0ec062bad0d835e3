// The pages' Content-Security-Policy (src/proxy.ts sets it with a fresh nonce per request).

/**
 * Scripts: only those carrying the nonce, and what they load ('strict-dynamic': the chunks and
 * uPlot's lazy import). `next dev` also needs eval for its fast refresh.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
