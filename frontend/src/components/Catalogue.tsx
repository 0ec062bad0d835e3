'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState, type FormEvent } from 'react';

import { apiFetch, postJson } from '@/lib/api';
import { CATALOGS, catalogQuery, DEFAULT_VIEW, dispositionColor, queryToView, rowAlias, viewToQuery, type CatalogName, type CatalogView } from '@/lib/catalog';
import { rowToForm } from '@/lib/classify-fields';
import { align } from '@/lib/series';
import type { CatalogPage, CatalogRow, PredictResponse } from '@/lib/types';

import { Chart, type ChartSeries } from './Chart';
import { ErrorBox, Loading } from './Status';
import { fmt, pct } from './format';
import { useFetched } from './use-fetched';

const FAMILIES = [
  { label: 'confirmed', color: '#5ee0a0' },
  { label: 'candidate', color: '#7cc4ff' },
  { label: 'false positive', color: '#ff7b7b' },
];
const SCATTER_SERIES: ChartSeries[] = FAMILIES.map((f) => ({ label: f.label, color: f.color, kind: 'points', size: 4 }));
// The scatter shows up to this many filtered rows, fetched in pages of the API's maximum.
const SCATTER_PAGES = 4;
const API_MAX_LIMIT = 500;

function Scatter({ name, rows, total }: { name: CatalogName; rows: CatalogRow[]; total: number | null }) {
  const spec = CATALOGS[name];
  const data = useMemo(() => {
    const groups = FAMILIES.map(() => ({ x: [] as number[], y: [] as number[] }));
    for (const r of rows) {
      const x = Number(r[spec.period]);
      const y = Number(r[spec.radius]);
      if (!(x > 0) || !(y > 0)) continue;
      const g = FAMILIES.findIndex((f) => f.color === dispositionColor(r.disposition));
      if (g < 0) continue;
      groups[g].x.push(x);
      groups[g].y.push(y);
    }
    return align(groups);
  }, [rows, spec]);
  if (!data[0].length) return <p className="muted">No rows with both a period and a radius to plot.</p>;
  const n = data[0].length.toLocaleString('en');
  // The API pages at 500 rows, so a large selection is drawn from its first pages: say so.
  const sample = total !== null && rows.length < total;
  const title = sample
    ? `Period–radius diagram: a sample, ${n} objects plotted from the first ${rows.length.toLocaleString('en')} of ${total.toLocaleString('en')} matching rows`
    : `Period–radius diagram (${n} of ${rows.length.toLocaleString('en')} matching rows have a period and a radius)`;
  return <Chart title={title} testId="plot-scatter" data={data} series={SCATTER_SERIES} xLabel="period (days)" yLabel="radius (R⊕)" logX logY height={300} />;
}

/** The active model's verdict on each row of a page, by row id (one predict call a page). */
function usePageScores(page: CatalogPage | null, key: string) {
  return useFetched(page?.rows.length ? key : null, async () => {
    const rows = page?.rows ?? [];
    const r = await postJson<PredictResponse>('/predict', { rows, top_features: 0 });
    const byId = new Map<string, number>();
    for (const p of r.predictions) byId.set(rows[p.row]?.id, p.planet_probability);
    return { byId, model: r.model.id };
  });
}

function Filters({ name, initial, onApply }: { name: CatalogName; initial: CatalogView; onApply: (v: CatalogView) => void }) {
  const spec = CATALOGS[name];
  const [draft, setDraft] = useState<CatalogView>(initial);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    onApply({ ...draft, page: 0, sort: initial.sort, desc: initial.desc });
  };
  const field = (key: keyof CatalogView, label: string, unit?: string) => (
    <label className="field">
      <span>
        {label} {unit && <span className="unit">{unit}</span>}
      </span>
      <input name={key} inputMode="decimal" value={String(draft[key])} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
    </label>
  );
  return (
    <form className="panel" onSubmit={apply} aria-label="Filters" data-testid="catalog-filters">
      <div className="grid3">
        <label className="field">
          Search (name, host)
          <input name="q" type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} placeholder={name === 'koi' ? 'K00752' : name === 'toi' ? '114.01' : 'K2-18'} />
        </label>
        <label className="field">
          Disposition
          <select name="disposition" value={draft.disposition} onChange={(e) => setDraft({ ...draft, disposition: e.target.value })}>
            <option value="">all</option>
            {spec.dispositions.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        {field('periodMin', 'Period from', 'days')}
        {field('periodMax', 'Period to', 'days')}
        {field('radiusMin', 'Radius from', 'R⊕')}
        {field('radiusMax', 'Radius to', 'R⊕')}
      </div>
      <div className="row" style={{ marginTop: 10 }}>
        <button type="submit" data-testid="catalog-apply">
          Apply filters
        </button>
        <button type="button" className="secondary" onClick={() => onApply(DEFAULT_VIEW)}>
          Reset
        </button>
      </div>
    </form>
  );
}

export function Catalogue() {
  const router = useRouter();
  const params = useSearchParams();
  // The tab, filters, sort and page live in the URL: shareable, and the back button steps through them.
  const query = params.toString();
  const { name, view } = useMemo(() => queryToView(new URLSearchParams(query)), [query]);
  const go = useCallback((n: CatalogName, v: CatalogView) => router.push(`/catalogue${viewToQuery(n, v)}`, { scroll: false }), [router]);
  const setView = (v: CatalogView) => go(name, v);
  const spec = CATALOGS[name];
  const pageKey = `/catalog/${name}${catalogQuery(name, view)}`;
  const { data: page, error, loading } = useFetched(pageKey, () => apiFetch<CatalogPage>(pageKey));
  const scores = usePageScores(page, `${page?.catalog}:${page?.offset}:${page?.rows.map((r) => r.id).join(',')}`).data;

  // The scatter shows the filtered set (not just the page), up to SCATTER_PAGES API pages.
  const scatterView: CatalogView = { ...view, page: 0, pageSize: API_MAX_LIMIT, sort: '', desc: false };
  const scatterKey = `/catalog/${name}${catalogQuery(name, scatterView)}`;
  const scatter = useFetched(scatterKey, async () => {
    const pageOf = (page: number) => apiFetch<CatalogPage>(`/catalog/${name}${catalogQuery(name, { ...scatterView, page })}`);
    const first = await pageOf(0);
    const more = Math.min(SCATTER_PAGES, Math.ceil(first.total / API_MAX_LIMIT)) - 1;
    const rest = await Promise.all(Array.from({ length: Math.max(0, more) }, (_, i) => pageOf(i + 1)));
    return { rows: [first, ...rest].flatMap((p) => p.rows), total: first.total };
  });

  const switchTo = (n: CatalogName) => go(n, DEFAULT_VIEW);
  const sortBy = (key: string) => setView({ ...view, page: 0, sort: key, desc: view.sort === key ? !view.desc : false });
  const toClassify = (row: CatalogRow) => {
    const q = new URLSearchParams(rowToForm(row));
    q.set('source', `${spec.label} ${row.id}`);
    router.push(`/classify?${q.toString()}`);
  };

  const pages = page ? Math.max(1, Math.ceil(page.total / view.pageSize)) : 1;

  return (
    <>
      <h1>Catalogue</h1>
      <p className="lead">Browse the NASA Exoplanet Archive tables exodetect learns from, and send any row to the classifier.</p>
      <div className="row" role="tablist" aria-label="Catalogue">
        {(Object.keys(CATALOGS) as CatalogName[]).map((n) => (
          <button key={n} type="button" role="tab" aria-selected={n === name} className={n === name ? undefined : 'secondary'} onClick={() => switchTo(n)} data-testid={`tab-${n}`}>
            {CATALOGS[n].label}
          </button>
        ))}
      </div>
      <Filters key={`${name}?${query}`} name={name} initial={view} onApply={setView} />
      <ErrorBox error={error} />
      {loading && <Loading>Loading {spec.label}…</Loading>}
      {page && (
        <>
          <div className="row" style={{ justifyContent: 'space-between', margin: '8px 0' }}>
            <span data-testid="catalog-total">
              {page.total.toLocaleString('en')} rows · page {view.page + 1} of {pages}
            </span>
            <div className="row">
              <button type="button" className="secondary" disabled={view.page === 0} onClick={() => setView({ ...view, page: view.page - 1 })}>
                ← Previous
              </button>
              <button type="button" className="secondary" disabled={view.page + 1 >= pages} onClick={() => setView({ ...view, page: view.page + 1 })} data-testid="catalog-next">
                Next →
              </button>
            </div>
          </div>
          {page.rows.length === 0 ? (
            <div className="empty">No rows match these filters.</div>
          ) : (
            <div className="table-wrap">
              <table className="data" data-testid="catalog-table" data-page={Math.round(page.offset / page.limit)}>
                <thead>
                  <tr>
                    {[{ key: 'id', label: 'Name' }, { key: 'disposition', label: 'Disposition' }, ...spec.columns].map((c) => (
                      <th key={c.key} scope="col" aria-sort={view.sort === c.key ? (view.desc ? 'descending' : 'ascending') : 'none'}>
                        {c.key === 'id' || c.key === 'disposition' ? (
                          c.label
                        ) : (
                          <button type="button" onClick={() => sortBy(c.key)}>
                            {c.label} {view.sort === c.key ? (view.desc ? '▼' : '▲') : ''}
                          </button>
                        )}
                      </th>
                    ))}
                    <th scope="col" title={scores ? `model ${scores.model}` : undefined}>
                      Model P(planet)
                    </th>
                    <th scope="col">Classify</th>
                  </tr>
                </thead>
                <tbody>
                  {page.rows.map((r) => (
                    <tr key={r.id}>
                      <td data-testid="catalog-name">
                        {r.id}
                        {rowAlias(name, r) && <span className="muted small"> {rowAlias(name, r)}</span>}
                      </td>
                      <td>
                        <span className="tag" style={{ color: dispositionColor(r.disposition), borderColor: dispositionColor(r.disposition) }}>
                          {r.disposition || '—'}
                        </span>
                      </td>
                      {spec.columns.map((c) => (
                        <td key={c.key}>{fmt(r[c.key])}</td>
                      ))}
                      <td data-testid="catalog-score">{scores ? pct(scores.byId.get(r.id)) : '…'}</td>
                      <td>
                        <button type="button" className="secondary" onClick={() => toClassify(r)} aria-label={`Classify ${r.id}`}>
                          Classify →
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {!error && <div className="panel">{scatter.loading || !scatter.data ? <Loading>Loading the diagram…</Loading> : <Scatter name={name} rows={scatter.data.rows} total={scatter.data.total} />}</div>}
    </>
  );
}
