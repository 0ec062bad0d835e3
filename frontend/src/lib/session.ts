// Server-only helpers for the session route handlers: log in / sign up against the backend and
// keep the JWT in an httpOnly cookie; the page only learns who is logged in.
import { cookies } from 'next/headers';

import { backendUrl, proxyError, TOKEN_COOKIE } from '@/lib/backend';
import { clientAddress, setForwardedFor } from '@/lib/client-address';
import type { SessionUser, Token, User } from '@/lib/types';

const asSessionUser = (u: User): SessionUser => ({ email: u.email, role: u.role });

// Errors pass through in the API's own {"error": {code, message}} shape.
function passError(res: Response): Response {
  return new Response(res.body, { status: res.status, headers: { 'content-type': 'application/json' } });
}

async function backendFetch(path: string, init: RequestInit): Promise<Response> {
  return fetch(`${backendUrl()}${path}`, { ...init, cache: 'no-store' });
}

export async function me(token: string): Promise<SessionUser | null> {
  const res = await backendFetch('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
  return res.status === 200 ? asSessionUser((await res.json()) as User) : null;
}

/** Revokes the token at the backend (every session of the account ends); best effort. */
export async function revoke(token: string): Promise<void> {
  try {
    await backendFetch('/api/v1/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  } catch {
    // The cookie is deleted anyway; the token expires on its own.
  }
}

function postCredentials(kind: 'login' | 'signup', credentials: unknown, headers: Headers): Promise<Response> {
  return backendFetch(`/api/v1/auth/${kind}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(credentials),
  });
}

/**
 * POSTs credentials to auth/login, or to auth/signup and then auth/login (a signup answers the
 * same whether the email was free or taken, and hands out no token); on success sets the cookie.
 */
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
    if (kind === 'signup') {
      const signup = await postCredentials('signup', credentials, headers);
      if (signup.status >= 400) return passError(signup);
    }
    res = await postCredentials('login', credentials, headers);
  } catch (e) {
    return proxyError(502, 'backend_unreachable', `The exodetect API is unreachable (${(e as Error).message}).`);
  }
  // After a signup, a refused login means the email already had an account with another password.
  if (kind === 'signup' && res.status === 401) {
    return proxyError(409, 'signup_failed', 'Could not sign up with this email. If you already have an account, log in.');
  }
  if (res.status >= 400) return passError(res);
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
