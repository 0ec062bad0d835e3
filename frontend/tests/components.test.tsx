import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { Account } from '@/components/Account';
import { Chart } from '@/components/Chart';
import { ExplanationBars } from '@/components/ExplanationBars';
import { SessionProvider } from '@/components/session';
import { singleEventMarkers, windowPlot } from '@/components/CandidatePlots';
import { CandidateTable } from '@/components/SearchSummary';
import { SingleEvents } from '@/components/SingleEvents';
import { ErrorBox } from '@/components/Status';
import type { KnownState } from '@/components/use-known';
import { fmt, pct } from '@/components/format';
import type { Candidate, SingleEvent } from '@/lib/types';

afterEach(cleanup);

describe('ExplanationBars', () => {
  it('orders bars by size and colours them by sign', () => {
    render(
      <ExplanationBars
        explanation={[
          { feature: 'depth', value: 7006, contribution: -0.2 },
          { feature: 'period', value: 3.29, contribution: 1.5 },
        ]}
      />,
    );
    const items = screen.getAllByRole('listitem');
    expect(items[0].textContent).toContain('period');
    expect(items[0].querySelector('.bar.pos')).not.toBeNull();
    expect(items[1].querySelector('.bar.neg')).not.toBeNull();
    expect(items[0].textContent).toContain('+1.500');
  });
  it('says so when there is nothing to explain', () => {
    render(<ExplanationBars explanation={[]} />);
    expect(screen.getByText(/No explanation/)).toBeTruthy();
  });
});

describe('CandidateTable', () => {
  const NO_STAR: KnownState = { status: 'no-star', matches: [null, null], error: null };
  const c: Candidate = { period: 3.288789, period_err: 0.0004, t0: 1327.52, duration_hours: 3.4, depth_ppm: 7006, snr: 60.1, sde: 25.3, transit_count: 8, transits_with_data: 7, flags: ['odd_even'], planet_probability: 0.93, label: 'PLANET' };
  it('shows the measurements, flags and verdict, and selects rows', () => {
    let picked = -1;
    render(<CandidateTable candidates={[c, { ...c, period: 6.57, flags: [] }]} timeSystem="BTJD" selected={0} onSelect={(i) => (picked = i)} known={NO_STAR} />);
    expect(screen.getAllByTestId('cand-period')[0].textContent).toBe('3.28879 ± 0.00040');
    expect(screen.getByText('odd_even')).toBeTruthy();
    expect(screen.getAllByText('93.0%').length).toBe(2);
    expect(screen.getAllByText('7/8', { exact: false }).length).toBe(2);
    fireEvent.click(screen.getByRole('button', { name: '2' }));
    expect(picked).toBe(1);
  });
  it("shows the searcher's saved verdict and note beside the model's", () => {
    render(<CandidateTable candidates={[{ ...c, annotation: { verdict: 'false_positive', note: 'odd/even differ', updated_ms: 0 } }, { ...c, annotation: null }]} timeSystem="BTJD" selected={0} onSelect={() => undefined} known={NO_STAR} />);
    const saved = screen.getAllByTestId('cand-annotation');
    expect(saved).toHaveLength(1);
    expect(saved[0].textContent).toBe('False positive odd/even differ');
  });
  it('says how the verdict counted the binaries the vetting would have seen', () => {
    const weighted = { ...c, flags: [], planet_probability: 0.86, eclipse_weighting: { eclipse_detection_probability: 0.97, probability_with_binaries: 0.4, probability_without_binaries: 0.88 } };
    render(<CandidateTable candidates={[weighted, c]} timeSystem="BTJD" selected={0} onSelect={() => undefined} known={NO_STAR} />);
    const verdicts = screen.getAllByTestId('cand-verdict').map((td) => td.firstElementChild as Element);
    expect(verdicts[0].getAttribute('title')).toBe(
      "40.0% counting every catalogue binary, 88.0% without the eclipsing ones; this search would have seen a binary's secondary eclipse with probability 97.0%",
    );
    expect(verdicts[1].getAttribute('title')).toBeNull();
  });
  it('says when the verdict weighed the signal against the star\'s own variability', () => {
    const weak = { ...c, flags: [], planet_probability: 0.002, noise_weighting: { snr_against_red_noise: 4.75, false_alarm_probability: 0.9996 } };
    render(<CandidateTable candidates={[weak]} timeSystem="BTJD" selected={0} onSelect={() => undefined} known={NO_STAR} />);
    const verdict = screen.getByTestId('cand-verdict').firstElementChild as Element;
    expect(verdict.getAttribute('title')).toBe(
      "SNR 4.8 against the star's own variability at this duration: noise alone reaches that in 100.0% of searches like this one",
    );
  });
  it('names the known catalogue object a candidate matches, and says when none is', () => {
    const known: KnownState = { status: 'done', matches: [{ name: 'TOI-114.01', disposition: 'KP', period: 3.2887898, sigma: 0.3 }, null], error: null };
    render(<CandidateTable candidates={[c, { ...c, period: 6.57 }]} timeSystem="BTJD" selected={0} onSelect={() => undefined} known={known} />);
    const cells = screen.getAllByTestId('cand-known');
    expect(cells.map((e) => e.textContent)).toEqual(['TOI-114.01, KP', 'none known']);
    expect(cells[0].getAttribute('data-match')).toBe('TOI-114.01');
  });
});

describe('fold windows', () => {
  const model = { x: [-3, -1, -1, 1, 1, 3], y: [1, 1, 0.995, 0.995, 1, 1] };
  it('draws nothing but the reason when no point fell in the window, though the box model is there', () => {
    const w = windowPlot({ points: { x: [], y: [] }, bins: { x: [], y: [] }, model }, (v) => v);
    expect(w.points).toBe(0);
    expect(w.data.every((s) => s.length === 0)).toBe(true);
  });
  it('draws the points, bins and model of a window with data', () => {
    const w = windowPlot({ points: { x: [-2, 0, 2], y: [1, 0.995, 1] }, bins: { x: [0], y: [0.995] }, model }, (v) => v);
    expect(w.points).toBe(3);
    expect(w.data[0].length).toBeGreaterThan(3);
    expect(w.range).toEqual([-3, 3]);
  });
});

describe('Chart', () => {
  it('says why a panel is empty instead of drawing blank axes', () => {
    render(<Chart title="Odd transits" testId="plot-odd" data={[[], [], [], []]} series={[]} xLabel="hours" yLabel="ppm" emptyText="No data within this window: the odd transits fall in gaps." />);
    const el = screen.getByTestId('plot-odd');
    expect(el.getAttribute('data-empty')).toBe('true');
    expect(el.textContent).toBe('No data within this window: the odd transits fall in gaps.');
  });
});

describe('CandidateTable on a phone', () => {
  it('labels each cell so a row reads as a card, verdict and flags first', () => {
    const c: Candidate = { period: 1, t0: 2455005.2596934, duration_hours: 2, depth_ppm: 100, snr: 10, sde: 9, flags: ['secondary'], label: 'false_positive', planet_probability: 0.01 };
    render(<CandidateTable candidates={[c]} timeSystem="BJD" selected={0} onSelect={() => undefined} known={{ status: 'no-star', matches: [null], error: null }} />);
    const labels = Array.from(document.querySelectorAll('tbody td')).map((td) => td.getAttribute('data-label'));
    expect(labels.slice(0, 3)).toEqual(['#', 'P(planet)', 'Flags']);
    expect(screen.getByTestId('cand-t0').textContent).toBe('2455005.25969');
  });
});

describe('SingleEvents', () => {
  const e: SingleEvent = { t0: 1454.659, duration_hours: 14.16, depth_ppm: 1172.7, depth_err_ppm: 67.5, snr: 17.4, period_min_days: 16.67, period_from_duration_days: 52.7 };
  it('lists each dip with the shortest period the data leave and the central-transit estimate', () => {
    render(<SingleEvents events={[e, { ...e, t0: 1440.2, period_from_duration_days: null }]} timeSystem="BTJD" />);
    expect(screen.getByRole('heading').textContent).toBe('2 single transits');
    const rows = screen.getAllByTestId('single-event');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('1454.65900');
    expect(rows[0].textContent).toContain('1173 ± 68');
    expect(rows[0].textContent).toContain('≈ 52.7');
    expect(screen.getAllByTestId('single-event-period-min')[0].textContent).toBe('16.67');
    expect(rows[1].textContent).toContain('star unknown');
  });
  it('marks each one on the light curve at its time on the plotted axis', () => {
    expect(singleEventMarkers([e, { ...e, t0: 1440.2 }], 1400).map((m) => [m.x, m.label])).toEqual([
      [1454.659 - 1400, 'single transit 1'],
      [1440.2 - 1400, 'single transit 2'],
    ]);
    expect(singleEventMarkers([], 0)).toEqual([]);
  });
  it('draws nothing without events', () => {
    const { container } = render(<SingleEvents events={[]} timeSystem="BTJD" />);
    expect(container.innerHTML).toBe('');
  });
});

describe('Account form', () => {
  it('validates before calling the API', async () => {
    render(
      <SessionProvider>
        <Account />
      </SessionProvider>,
    );
    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'not-an-email' } });
    fireEvent.click(screen.getByTestId('auth-submit'));
    expect(screen.getByRole('alert').textContent).toMatch(/valid email/);
  });
});

describe('status and formatting', () => {
  it('renders errors only when present', () => {
    const { container } = render(<ErrorBox error={null} />);
    expect(container.textContent).toBe('');
    render(<ErrorBox error="bad file" />);
    expect(screen.getByRole('alert').textContent).toBe('bad file');
  });
  it('formats numbers', () => {
    expect(fmt(3.28878987, 7)).toBe('3.28879');
    expect(fmt(null)).toBe('—');
    expect(fmt(1.5e-5)).toBe('1.50e-5');
    expect(pct(0.931)).toBe('93.1%');
  });
});
