// Server-only helpers for the session route handlers: log in / sign up against the backend and
// keep the JWT in an httpOnly cookie; the page only learns who is logged in.
import { cookies } from 'next/headers';

import { backendUrl, proxyError, TOKEN_COOKIE } from '@/lib/backend';
import { clientAddress, setForwardedFor } from '@/lib/client-address';
import type { SessionUser, Token, User } from '@/lib/types';

const asSessionUser = (u: User): SessionUser => ({ email: u.email, role: u.role });

async function backendFetch(path: string, init: RequestInit): Promise<Response> {
  return fetch(`${backendUrl()}${path}`, { ...init, cache: 'no-store' });
}

export async function me(token: string): Promise<SessionUser | null> {
  const res = await backendFetch('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
  return res.status === 200 ? asSessionUser((await res.json()) as User) : null;
}

/** POSTs credentials to auth/login or auth/signup (both answer a Token); on success sets the cookie. */
export async function authenticate(kind: 'login' | 'signup', req: Request): Promise<Response> {
  let credentials: unknown;
  try {
    credentials = await req.json();
  } catch {
    return proxyError(400, 'bad_request', 'Send a JSON body with email and password.');
  }
  let res: Response;
  // The backend throttles logins per client address: the browser's, not this server's.
  const headers = new Headers({ 'content-type': 'application/json' });
  setForwardedFor(headers, clientAddress(req.headers));
  try {
    res = await backendFetch(`/api/v1/auth/${kind}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(credentials),
    });
  } catch (e) {
    return proxyError(502, 'backend_unreachable', `The exodetect API is unreachable (${(e as Error).message}).`);
  }
  // Errors pass through in the API's own {"error": {code, message}} shape.
  if (res.status >= 400) return new Response(res.body, { status: res.status, headers: { 'content-type': 'application/json' } });
  const { token, user } = (await res.json()) as Token;
  (await cookies()).set(TOKEN_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.EXODETECT_COOKIE_SECURE === '1',
    path: '/',
    maxAge: 60 * 60 * 12,
  });
  return Response.json({ user: asSessionUser(user) });
}
