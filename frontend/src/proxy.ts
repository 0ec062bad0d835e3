// Every page gets a Content-Security-Policy whose scripts run only with this request's nonce
// (no 'unsafe-inline' scripts): Next.js reads the policy from the request headers set here and
// puts the nonce on its own inline and framework scripts while it renders the page, which is
// why every page renders per request (the root layout reads the headers). Style elements need
// the nonce too; style attributes stay allowed: React's style props and uPlot's inline sizes
// are styles, not scripts.
import { NextResponse, type NextRequest } from 'next/server';

import { contentSecurityPolicy } from '@/lib/csp';

export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Pages only: the API proxy, session routes and static files carry no scripts of their own.
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|icon|favicon).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
