'use client';

import { useState, type FormEvent } from 'react';

import { errorMessage } from '@/lib/api';

import { useSession } from './session';
import { ErrorBox, Loading } from './Status';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function Account() {
  const { user, loading, login, signup, logout } = useSession();
  const [mode, setMode] = useState<'login' | 'signup'>('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!EMAIL.test(email)) return setError('Enter a valid email address.');
    if (mode === 'signup' && password.length < 8) return setError('Use a password of at least 8 characters.');
    if (!password) return setError('Enter your password.');
    setBusy(true);
    setError(null);
    try {
      await (mode === 'login' ? login(email, password) : signup(email, password));
      setPassword('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (loading) return <Loading>Checking your session…</Loading>;

  return (
    <>
      <h1>Account</h1>
      {user ? (
        <div className="panel" data-testid="account-info">
          <p>
            Logged in as <strong>{user.email}</strong> <span className={`tag ${user.role === 'admin' ? 'warn' : ''}`}>{user.role}</span>
          </p>
          <p className="small muted">
            {user.role === 'admin' ? 'You can retrain and activate models on the Models page.' : 'Searches and predictions are open to everyone; model training is for administrators.'}
          </p>
          <button type="button" className="secondary" onClick={() => logout()} data-testid="logout">
            Log out
          </button>
        </div>
      ) : (
        <form className="panel" onSubmit={submit} noValidate aria-label={mode === 'login' ? 'Log in' : 'Sign up'} style={{ maxWidth: 420 }}>
          <div className="row" role="tablist" aria-label="Log in or sign up">
            <button type="button" role="tab" aria-selected={mode === 'login'} className={mode === 'login' ? undefined : 'secondary'} onClick={() => setMode('login')}>
              Log in
            </button>
            <button type="button" role="tab" aria-selected={mode === 'signup'} className={mode === 'signup' ? undefined : 'secondary'} onClick={() => setMode('signup')} data-testid="signup-tab">
              Sign up
            </button>
          </div>
          <div style={{ display: 'grid', gap: 10, marginTop: 12 }}>
            <label className="field">
              Email
              <input name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
            </label>
            <label className="field">
              Password
              <input name="password" type="password" autoComplete={mode === 'login' ? 'current-password' : 'new-password'} value={password} onChange={(e) => setPassword(e.target.value)} required />
            </label>
            <button type="submit" disabled={busy} data-testid="auth-submit">
              {busy ? 'Please wait…' : mode === 'login' ? 'Log in' : 'Create account'}
            </button>
          </div>
          <ErrorBox error={error} />
        </form>
      )}
    </>
  );
}
