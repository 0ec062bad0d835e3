import type { Explanation } from '@/lib/types';

import { fmt } from './format';

/** Signed feature contributions (log-odds) as a diverging bar chart, largest first. */
export function ExplanationBars({ explanation, label }: { explanation: Explanation[]; label?: string }) {
  if (!explanation.length) return <p className="muted small">No explanation returned.</p>;
  const sorted = [...explanation].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const max = Math.max(...sorted.map((e) => Math.abs(e.contribution)), 1e-9);
  return (
    <div className="bars" role="list" aria-label={label ?? 'Feature contributions'} data-testid="explanation">
      {sorted.map((e) => {
        const w = (Math.abs(e.contribution) / max) * 50;
        const pos = e.contribution >= 0;
        return (
          <div className="bar-row" role="listitem" key={e.feature} title={`${e.feature} = ${fmt(e.value)}: ${e.contribution >= 0 ? '+' : ''}${e.contribution.toFixed(3)}`}>
            <span>
              {e.feature} <span className="muted">= {fmt(e.value)}</span>
            </span>
            <span className="bar-track">
              <span className="axis" />
              <span className={`bar ${pos ? 'pos' : 'neg'}`} style={pos ? { left: '50%', width: `${w}%` } : { right: '50%', width: `${w}%` }} />
            </span>
            <span style={{ textAlign: 'right' }}>
              {pos ? '+' : ''}
              {e.contribution.toFixed(3)}
            </span>
          </div>
        );
      })}
      <span className="muted small">Green pushes towards planet, red towards false positive (log-odds).</span>
    </div>
  );
}
