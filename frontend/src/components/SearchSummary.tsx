import { MATCH_SIGMA } from '@/lib/catalogue-match';
import { candidateErrors, searchSettings, type SearchInput } from '@/lib/search-report';
import type { Candidate, SearchResult } from '@/lib/types';

import { SavedAnnotation } from './AnnotationForm';
import { StarFacts } from './StarPanel';
import type { KnownState } from './use-known';
import { fmt, labelClass, pct, timeSystemName, timeUnit, timeValue, withErr } from './format';

/** What was searched: the star, the data, the stellar values and where each came from. */
export function SearchHeader({ input, result, files }: { input: SearchInput; result: SearchResult; files: string[] }) {
  const s = searchSettings(result);
  return (
    <section className="panel search-header" aria-label="What was searched" data-testid="search-header">
      <h2 style={{ marginTop: 0 }} data-testid="search-target">
        {input.target ?? 'Unnamed target'} <span className="tag">{input.mission && input.mission !== 'unknown' ? input.mission : 'mission unknown'}</span>
      </h2>
      <dl className="facts">
        <dt>Data</dt>
        <dd data-testid="search-files">
          {files.length ? files.join(', ') : input.file ?? '—'}
          {input.segments
            ? ` (${input.segments.values.length === 1 ? input.segments.name.slice(0, -1) : input.segments.name} ${input.segments.values.join(', ')})`
            : ''}
        </dd>
        <dt>Time system</dt>
        <dd data-testid="search-time-system">{timeSystemName(input.timeSystem)}</dd>
        <dt>Points used</dt>
        <dd data-testid="search-points">
          {input.used?.toLocaleString('en') ?? '—'} of {input.points?.toLocaleString('en') ?? '—'}
          {input.clipped ? ` (${input.clipped.toLocaleString('en')} clipped)` : ''}
          {input.spanDays !== null ? `, ${fmt(input.spanDays, 4)} d` : ''}
        </dd>
        <dt>Searched</dt>
        <dd>
          P {fmt(s.periodMin, 4)}–{fmt(s.periodMax, 4)} d
          {s.durations.length ? `, durations ${s.durations.map((d) => fmt(d, 3)).join(', ')} h` : ''}
          {s.detrendDays !== null ? `, detrending window ${fmt(s.detrendDays, 3)} d` : ''}
          {s.detrendQuadratic ? ' (a quadratic in each window: the star varies fast)' : ''}
        </dd>
        {input.notes.length > 0 && (
          <>
            <dt>Notes</dt>
            <dd data-testid="search-notes">
              <ul className="plain">
                {input.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>Star</dt>
        <dd>
          <StarFacts input={input} result={result} />
        </dd>
      </dl>
    </section>
  );
}

/** How the verdict counted the eclipsing binaries this candidate's own vetting would have seen. */
function eclipseNote(c: Candidate): string | undefined {
  const w = c.eclipse_weighting;
  if (!w) return undefined;
  return (
    `${pct(w.probability_with_binaries)} counting every catalogue binary, ${pct(w.probability_without_binaries)} ` +
    `without the eclipsing ones; this search would have seen a binary's secondary eclipse with probability ` +
    `${pct(w.eclipse_detection_probability)}`
  );
}

/** How much the verdict trusted the signal against the star's own variability at its duration. */
function noiseNote(c: Candidate): string | undefined {
  const w = c.noise_weighting;
  if (!w) return undefined;
  return (
    `SNR ${fmt(w.snr_against_red_noise, 2)} against the star's own variability at this duration: noise alone ` +
    `reaches that in ${pct(w.false_alarm_probability)} of searches like this one`
  );
}

function Verdict({ c }: { c: Candidate }) {
  const notes = [noiseNote(c), eclipseNote(c)].filter((n): n is string => n !== undefined);
  return (
    <span title={notes.length ? notes.join('; ') : undefined}>
      {pct(c.planet_probability)} {c.label ? <span className={`tag ${labelClass(c.label)}`}>{c.label.replace('_', ' ')}</span> : null}
    </span>
  );
}

function Flags({ c }: { c: Candidate }) {
  return c.flags?.length ? (
    <span>
      {c.flags.map((f) => (
        <span key={f} className="tag warn">
          {f}
        </span>
      ))}
    </span>
  ) : (
    <span className="muted">none</span>
  );
}

/** The catalogue object a candidate matches ("TOI-114.01, KP"), or why there is none. */
function Known({ known, index }: { known: KnownState; index: number }) {
  const m = known.matches[index];
  if (m)
    return (
      <span title={`catalogue period ${m.period} d, ${fmt(m.sigma, 2)}σ from the candidate's`}>
        {m.name}, <span className={`tag ${labelClass(m.disposition)}`}>{m.disposition}</span>
      </span>
    );
  const text = { 'no-star': 'star not in a catalogue', loading: '…', error: 'catalogue not read', done: 'none known' }[known.status];
  return <span className="muted">{text}</span>;
}

/**
 * The candidates with each measurement and its uncertainty. On a phone each row becomes a card
 * (globals.css), led by its verdict and flags.
 */
export function CandidateTable({ candidates, timeSystem, selected, onSelect, known }: { candidates: Candidate[]; timeSystem: string | null; selected: number; onSelect: (i: number) => void; known: KnownState }) {
  const system = timeSystemName(timeSystem);
  return (
    <div className="table-wrap">
      <table className="data cands" data-testid="candidates">
        <caption className="muted small" style={{ textAlign: 'left', padding: 6 }}>
          Candidates ordered by SDE. Select a row to plot it. T0 in {system}; uncertainties are 1σ. Known: an object the catalogue lists on this star
          with a period within {MATCH_SIGMA}σ of the candidate&apos;s; the model&apos;s verdict does not read it.
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">P(planet)</th>
            <th scope="col">Flags</th>
            <th scope="col">Known</th>
            <th scope="col">Your verdict</th>
            <th scope="col">Period (d)</th>
            <th scope="col">T0 ({timeUnit(timeSystem)})</th>
            <th scope="col">Duration (h)</th>
            <th scope="col">Depth (ppm)</th>
            <th scope="col">SNR</th>
            <th scope="col">SDE</th>
            <th scope="col">Transits</th>
            <th scope="col">Radius (R⊕)</th>
          </tr>
        </thead>
        <tbody>
          {candidates.map((c, i) => {
            const err = candidateErrors(c);
            return (
              <tr key={i} className={i === selected ? 'selected' : undefined} aria-selected={i === selected}>
                <td data-label="#">
                  <button type="button" className="secondary" onClick={() => onSelect(i)} aria-pressed={i === selected}>
                    {i + 1}
                  </button>
                </td>
                <td data-label="P(planet)" data-testid="cand-verdict">
                  <Verdict c={c} />
                </td>
                <td data-label="Flags" className="flags" data-testid="cand-flags">
                  <Flags c={c} />
                </td>
                <td data-label="Known" data-testid="cand-known" data-match={known.matches[i]?.name ?? ''}>
                  <Known known={known} index={i} />
                </td>
                <td data-label="Your verdict">
                  <SavedAnnotation annotation={c.annotation} />
                </td>
                <td data-label="Period (d)" data-testid="cand-period">
                  {withErr(c.period, c.period_err, 7)}
                </td>
                <td data-label={`T0 (${system})`} data-testid="cand-t0">
                  {timeValue(c.t0, err.t0)}
                </td>
                <td data-label="Duration (h)" data-testid="cand-duration">
                  {withErr(c.duration_hours, err.duration, 3)}
                </td>
                <td data-label="Depth (ppm)" data-testid="cand-depth">
                  {withErr(c.depth_ppm, c.depth_err_ppm, 4)}
                </td>
                <td data-label="SNR">{fmt(c.snr, 3)}</td>
                <td data-label="SDE">{fmt(c.sde, 3)}</td>
                <td data-label="Transits">
                  {c.transits_with_data ?? '—'}/{c.transit_count}
                </td>
                <td data-label="Radius (R⊕)">{fmt(c.planet_radius_earth, 3)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
