// The pages' Content-Security-Policy (src/proxy.ts sets it with a fresh nonce per request).

/**
 * Scripts: only those carrying the nonce, and what they load ('strict-dynamic': the chunks and
 * uPlot's lazy import). `next dev` also needs eval for its fast refresh. Style sheets and
 * <style> elements: our own files and those carrying the nonce; inline style attributes stay
 * allowed (React's style props, uPlot's sizes), which cannot run code.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // `next dev` injects its style elements without the nonce (and a nonce voids 'unsafe-inline').
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    `style-src-elem 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "style-src-attr 'unsafe-inline'",
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
