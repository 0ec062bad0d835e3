'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

import { apiFetch, postJson } from '@/lib/api';
import type { SessionUser } from '@/lib/types';

interface SessionState {
  user: SessionUser | null;
  loading: boolean;
  login: (email: string, password: string) => Promise<void>;
  signup: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionState>({
  user: null,
  loading: true,
  login: async () => undefined,
  signup: async () => undefined,
  logout: async () => undefined,
});

// The token lives in an httpOnly cookie set by /api/session/*; the page only keeps the user.
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    apiFetch<{ user: SessionUser | null }>('/api/session/me')
      .then((r) => setUser(r.user))
      .catch(() => setUser(null))
      .finally(() => setLoading(false));
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const r = await postJson<{ user: SessionUser }>('/api/session/login', { email, password });
    setUser(r.user);
  }, []);
  const signup = useCallback(async (email: string, password: string) => {
    const r = await postJson<{ user: SessionUser }>('/api/session/signup', { email, password });
    setUser(r.user);
  }, []);
  const logout = useCallback(async () => {
    await postJson('/api/session/logout', {});
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, loading, login, signup, logout }), [user, loading, login, signup, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}
