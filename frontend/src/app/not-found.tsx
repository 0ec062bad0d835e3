import Link from 'next/link';

export const metadata = { title: 'exodetect · not found' };

export default function NotFound() {
  return (
    <div className="page-state" data-testid="not-found">
      <p className="code">404</p>
      <h1>No such page</h1>
      <p className="lead">The address does not name a page of exodetect.</p>
      <div className="row" style={{ justifyContent: 'center' }}>
        <Link className="button" href="/lab">
          New search
        </Link>
        <Link className="button secondary" href="/catalogue">
          Catalogue
        </Link>
      </div>
    </div>
  );
}
