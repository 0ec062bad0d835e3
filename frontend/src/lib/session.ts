// Server-only helpers for the session route handlers: log in / sign up against the backend and
// keep the JWT in an httpOnly cookie; the page only learns who is logged in.
import { cookies } from 'next/headers';

import { backendUrl, proxyError, TOKEN_COOKIE } from '@/lib/backend';

export interface SessionUser {
  email: string;
  role: string;
}

function pickUser(body: Record<string, unknown>): SessionUser | null {
  const u = (body.user ?? body) as Record<string, unknown>;
  if (typeof u.email !== 'string') return null;
  return { email: u.email, role: typeof u.role === 'string' ? u.role : 'user' };
}

async function backendJson(path: string, init: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${backendUrl()}${path}`, { ...init, cache: 'no-store' });
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    body = { error: { code: 'bad_response', message: `The API answered ${res.status} without JSON.` } };
  }
  return { status: res.status, body };
}

export async function me(token: string): Promise<SessionUser | null> {
  const { status, body } = await backendJson('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
  return status === 200 ? pickUser(body) : null;
}

/** POSTs credentials to auth/login or auth/signup; on success sets the cookie and returns the user. */
export async function authenticate(kind: 'login' | 'signup', req: Request): Promise<Response> {
  let credentials: unknown;
  try {
    credentials = await req.json();
  } catch {
    return proxyError(400, 'bad_request', 'Send a JSON body with email and password.');
  }
  let result;
  try {
    result = await backendJson(`/api/v1/auth/${kind}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });
  } catch (e) {
    return proxyError(502, 'backend_unreachable', `The exodetect API is unreachable (${(e as Error).message}).`);
  }
  const { status, body } = result;
  if (status >= 400) return Response.json(body, { status });
  let token = (body.token ?? body.access_token) as string | undefined;
  if (!token && kind === 'signup') {
    // A signup that does not log in: log in with the same credentials.
    const login = await backendJson('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });
    if (login.status >= 400) return Response.json(login.body, { status: login.status });
    token = (login.body.token ?? login.body.access_token) as string | undefined;
  }
  if (!token) return proxyError(502, 'bad_response', 'The API did not return a token.');
  const user = pickUser(body) ?? (await me(token));
  if (!user) return proxyError(502, 'bad_response', 'The API did not say who logged in.');
  cookies().set(TOKEN_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.EXODETECT_COOKIE_SECURE === '1',
    path: '/',
    maxAge: 60 * 60 * 12,
  });
  return Response.json({ user });
}
