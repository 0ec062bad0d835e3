'use client';

import Link from 'next/link';

// A page that failed while rendering: say so in the app's own style and offer a retry.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="page-state" role="alert" data-testid="error-page">
      <p className="code">Error</p>
      <h1>This page failed</h1>
      <p className="lead">
        Something went wrong while showing it{error.digest ? ` (reference ${error.digest})` : ''}. Trying again often helps; the server log has the cause.
      </p>
      <div className="row" style={{ justifyContent: 'center' }}>
        <button type="button" onClick={reset}>
          Try again
        </button>
        <Link className="button secondary" href="/lab">
          New search
        </Link>
      </div>
    </div>
  );
}
