'use client';

import Link from 'next/link';
import { useState } from 'react';

import { apiFetch, errorMessage } from '@/lib/api';
import { deleteSearch, MY_SEARCHES_PAGE_SIZE, mySearchesPath, pageAfterDelete, pageCount, resultHref, searchDate, verdictLabel } from '@/lib/my-searches';
import type { MySearch, MySearches } from '@/lib/types';

import { useSession } from './session';
import { ErrorBox, Loading } from './Status';
import { fmt, labelClass, pct } from './format';
import { useFetched } from './use-fetched';

function CandidateSummary({ s }: { s: MySearch }) {
  if (s.candidate_count === null) return <span className="muted">{s.status}</span>;
  if (!s.candidates.length) return <span className="muted">none</span>;
  return (
    <ul className="plain">
      {s.candidates.map((c) => (
        <li key={c.index} data-testid="my-candidate">
          #{c.index + 1} P {fmt(c.period, 6)} d · {pct(c.planet_probability)}{' '}
          {c.label ? <span className={`tag ${labelClass(c.label)}`}>{c.label.replace('_', ' ')}</span> : null}
          {c.annotation ? (
            <span className="tag" data-testid="my-annotation" title={c.annotation.note || undefined}>
              you: {verdictLabel(c.annotation.verdict)}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function SearchRow({ s, onDelete }: { s: MySearch; onDelete: (s: MySearch) => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    if (!window.confirm(`Delete the search of ${s.target || s.id}?`)) return;
    setBusy(true);
    setError(null);
    try {
      await onDelete(s);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <tr data-testid="my-search" data-id={s.id}>
      <td data-label="Target">
        <Link href={resultHref(s.id)}>{s.target || s.filenames.join(', ') || s.id}</Link>
        <div className="small muted">{s.filenames.join(', ')}</div>
      </td>
      <td data-label="Date">{searchDate(s.created_ms)}</td>
      <td data-label="Candidates">{s.candidate_count ?? '—'}</td>
      <td data-label="Verdicts">
        <CandidateSummary s={s} />
      </td>
      <td data-label="">
        <button type="button" className="secondary" onClick={remove} disabled={busy} data-testid="my-search-delete">
          {busy ? 'Deleting…' : 'Delete'}
        </button>
        <ErrorBox error={error} />
      </td>
    </tr>
  );
}

function SearchList() {
  const [page, setPage] = useState(0);
  // Bumped after a delete so the same page is read again.
  const [version, setVersion] = useState(0);
  const path = mySearchesPath(page);
  const { data, error, loading } = useFetched(`${path}#${version}`, () => apiFetch<MySearches>(path));
  const pages = data ? pageCount(data.total, MY_SEARCHES_PAGE_SIZE) : 1;
  const onDelete = async (s: MySearch) => {
    await deleteSearch(s.id);
    setPage(pageAfterDelete(page, data?.searches.length ?? 0));
    setVersion((v) => v + 1);
  };
  return (
    <>
      <ErrorBox error={error} />
      {loading && !data && <Loading>Loading your searches…</Loading>}
      {data && (
        <div className="panel" data-testid="my-searches" data-total={data.total}>
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <span className="muted small" data-testid="my-searches-count">
              {data.total.toLocaleString('en')} search{data.total === 1 ? '' : 'es'} · page {page + 1} of {pages}
            </span>
            <div className="row">
              <button type="button" className="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
                Previous
              </button>
              <button type="button" className="secondary" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)} data-testid="my-searches-next">
                Next
              </button>
            </div>
          </div>
          {data.searches.length === 0 ? (
            <div className="empty">
              No searches yet. <Link href="/lab">Run one in the Detection Lab</Link>.
            </div>
          ) : (
            <div className="table-wrap">
              <table className="data cands">
                <thead>
                  <tr>
                    <th scope="col">Target</th>
                    <th scope="col">Date</th>
                    <th scope="col">Candidates</th>
                    <th scope="col">Verdicts (model, yours)</th>
                    <th scope="col" aria-label="Actions" />
                  </tr>
                </thead>
                <tbody>
                  {data.searches.map((s) => (
                    <SearchRow key={s.id} s={s} onDelete={onDelete} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </>
  );
}

export function MySearchesPage() {
  const { user, loading } = useSession();
  return (
    <>
      <h1>My searches</h1>
      <p className="lead">Your past searches, with the model&apos;s verdicts and your own. Open one to see its result, or delete it.</p>
      {loading ? (
        <Loading />
      ) : user ? (
        <SearchList />
      ) : (
        <div className="empty">
          <Link href="/account">Log in</Link> to keep your searches.
        </div>
      )}
    </>
  );
}
