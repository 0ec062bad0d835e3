import { fieldsOf } from '@/lib/search-fields';
import { starScoring, type SearchInput } from '@/lib/search-report';
import type { SearchResult } from '@/lib/types';

import { FieldInput } from './FieldInput';
import { withErr } from './format';

/** Before a search: the star's values and target id, each sent only when filled in. */
export function StarInputs() {
  const fields = fieldsOf('star');
  if (!fields.length) return null;
  return (
    <fieldset className="fields star-panel" data-testid="star-panel">
      <legend>Star</legend>
      <p className="small muted">
        Empty fields come from the file&apos;s header, then from the shipped catalogues by the target id (the file&apos;s own, or the one given here). A value given here wins over both.
      </p>
      <div className="grid3">
        {fields.map((f) => (
          <FieldInput key={f.name} field={f} />
        ))}
      </div>
    </fieldset>
  );
}

const SOURCE: Record<string, string> = {
  header: 'file header',
  user: 'given by you',
  catalogue: 'catalogue',
  derived: 'derived',
};

/** After a search: each stellar value with its uncertainty and source, and whether the verdict used the star. */
export function StarFacts({ input, result }: { input: SearchInput; result: SearchResult }) {
  const scoring = starScoring(result);
  return (
    <div data-testid="search-stellar">
      {input.stellar.length ? (
        <table className="data star-facts" data-testid="star-facts">
          <thead>
            <tr>
              <th scope="col">Value</th>
              <th scope="col">± 1σ</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {input.stellar.map((v) => (
              <tr key={v.key} data-testid="star-value" data-key={v.key} data-source={v.source ?? ''}>
                <th scope="row">{v.label}</th>
                <td className="num">
                  {withErr(v.value, v.err, 4)}
                  {v.unit ? ` ${v.unit}` : ''}
                </td>
                <td>
                  {v.source ? SOURCE[v.source] ?? v.source : <span className="muted">not said</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted" style={{ margin: 0 }}>
          No stellar values: radii and densities assume a Sun-like star.
        </p>
      )}
      {input.catalogue && (
        <p className="small muted" data-testid="star-catalogue">
          Catalogue row looked up: {input.catalogue}.
        </p>
      )}
      {input.stellar.length > 0 && input.stellarMissing.length > 0 && <p className="small muted">Not known: {input.stellarMissing.join(', ')}.</p>}
      <p className={`small star-scoring ${scoring.kind}`} data-testid="star-scoring" data-kind={scoring.kind}>
        {scoring.text}
      </p>
    </div>
  );
}
