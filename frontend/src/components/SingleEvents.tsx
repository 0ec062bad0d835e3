import type { SingleEvent } from '@/lib/types';

import { fmt, timeSystemName, timeUnit, timeValue, withErr } from './format';

/**
 * Dips seen once: a planet whose period is longer than the data show twice. They have a time,
 * a width and a depth, and the shortest period the data leave open, but no period and so no
 * verdict.
 */
export function SingleEvents({ events, timeSystem }: { events: SingleEvent[]; timeSystem: string | null }) {
  if (!events.length) return null;
  const system = timeSystemName(timeSystem);
  return (
    <section className="panel" aria-label="Single transits" data-testid="single-events">
      <h3 style={{ marginTop: 0 }}>
        {events.length} single transit{events.length === 1 ? '' : 's'}
      </h3>
      <p className="small muted">
        A dip with no second transit in the data, found once the candidates&apos; transits were masked. Its period is at least the shortest one at which
        every other transit falls in a gap or outside the data; a longer light curve of the star would show the next transit. There is no model verdict
        without a period.
      </p>
      <div className="table-wrap">
        <table className="data">
          <caption className="muted small" style={{ textAlign: 'left', padding: 6 }}>
            T0 in {system}; depth errors are 1σ with the light curve&apos;s red noise on the event&apos;s time scale counted.
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">T0 ({timeUnit(timeSystem)})</th>
              <th scope="col">Duration (h)</th>
              <th scope="col">Depth (ppm)</th>
              <th scope="col">SNR</th>
              <th scope="col">Period at least (d)</th>
              <th scope="col">Central-transit period (d)</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e, i) => (
              <tr key={i} data-testid="single-event">
                <td data-label="#">{i + 1}</td>
                <td data-label={`T0 (${system})`}>{timeValue(e.t0)}</td>
                <td data-label="Duration (h)">{fmt(e.duration_hours, 3)}</td>
                <td data-label="Depth (ppm)">{withErr(e.depth_ppm, e.depth_err_ppm, 4)}</td>
                <td data-label="SNR">{fmt(e.snr, 3)}</td>
                <td data-label="Period at least (d)" data-testid="single-event-period-min">
                  {fmt(e.period_min_days, 4)}
                </td>
                <td
                  data-label="Central-transit period (d)"
                  title="The period of a central transit (impact parameter 0, circular orbit) lasting this long for the star's density: an estimate that depends on that model"
                >
                  {e.period_from_duration_days != null ? `≈ ${fmt(e.period_from_duration_days, 3)}` : <span className="muted">star unknown</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
