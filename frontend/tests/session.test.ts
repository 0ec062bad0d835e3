// @vitest-environment node
// The session route handlers against a fake backend: a signup is followed by a login (the API's
// signup hands out no token), and logout revokes the token at the API.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const jar = { get: vi.fn(), set: vi.fn(), delete: vi.fn() };
vi.mock('next/headers', () => ({ cookies: async () => jar }));

import { POST as logout } from '@/app/api/session/logout/route';
import { authenticate } from '@/lib/session';

const user = { email: 'ada@example.org', role: 'user', created_ms: 1 };
const token = { token: 'jwt-1', token_type: 'bearer', expires_in: 60, user };
const signupAnswer = { message: 'if this email had no account, one now exists' };
const wrongCredentials = { error: { code: 'invalid_credentials', message: 'wrong email or password' } };

function credentials(): Request {
  return new Request('http://ui/api/session/signup', {
    method: 'POST',
    body: JSON.stringify({ email: 'ada@example.org', password: 'correct horse' }),
  });
}

/** A fetch that answers each backend path from `answers` and records the calls. */
function fakeBackend(answers: Record<string, () => Response>) {
  const calls: { path: string; init: RequestInit }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const path = new URL(url).pathname;
    calls.push({ path, init });
    const answer = answers[path];
    if (!answer) throw new Error(`unexpected call to ${path}`);
    return answer();
  });
  return calls;
}

beforeEach(() => {
  jar.get.mockReset();
  jar.set.mockReset();
  jar.delete.mockReset();
});
afterEach(() => vi.unstubAllGlobals());

describe('signup', () => {
  it('signs up, then logs in and sets the cookie', async () => {
    const calls = fakeBackend({
      '/api/v1/auth/signup': () => Response.json(signupAnswer, { status: 202 }),
      '/api/v1/auth/login': () => Response.json(token),
    });
    const res = await authenticate('signup', credentials());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: { email: user.email, role: user.role } });
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/auth/signup', '/api/v1/auth/login']);
    expect(jar.set).toHaveBeenCalledWith('exodetect_token', 'jwt-1', expect.objectContaining({ httpOnly: true }));
  });

  it('says the signup failed when the email already has another password', async () => {
    fakeBackend({
      '/api/v1/auth/signup': () => Response.json(signupAnswer, { status: 202 }),
      '/api/v1/auth/login': () => Response.json(wrongCredentials, { status: 401 }),
    });
    const res = await authenticate('signup', credentials());
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('signup_failed');
    expect(jar.set).not.toHaveBeenCalled();
  });

  it('passes the API errors of the signup through without logging in', async () => {
    const calls = fakeBackend({
      '/api/v1/auth/signup': () =>
        Response.json({ error: { code: 'weak_password', message: 'too short' } }, { status: 400 }),
    });
    const res = await authenticate('signup', credentials());
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('weak_password');
    expect(calls).toHaveLength(1);
  });
});

describe('logout', () => {
  it('revokes the token at the API and deletes the cookie', async () => {
    jar.get.mockReturnValue({ value: 'jwt-1' });
    const calls = fakeBackend({ '/api/v1/auth/logout': () => new Response(null, { status: 204 }) });
    const res = await logout();
    expect(res.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(new Headers(calls[0]!.init.headers).get('authorization')).toBe('Bearer jwt-1');
    expect(jar.delete).toHaveBeenCalledWith('exodetect_token');
  });

  it('deletes the cookie even when the API is unreachable', async () => {
    jar.get.mockReturnValue({ value: 'jwt-1' });
    vi.stubGlobal('fetch', async () => {
      throw new Error('connection refused');
    });
    await logout();
    expect(jar.delete).toHaveBeenCalledWith('exodetect_token');
  });
});
