'use client';

import { useMemo, useState } from 'react';

import { splitByMask } from '@/lib/series';

import { Chart, type ChartSeries } from './Chart';

const SERIES: ChartSeries[] = [
  { label: 'flux', color: '#7cc4ff', kind: 'points' },
  { label: 'in transit', color: '#ff8a5c', kind: 'points' },
  { label: 'trend', color: '#ffcc66', kind: 'line' },
];

// A drawing benchmark, not data: a 2-minute-cadence light curve of `n` points (27 days for
// 20k, about 97 days for 70k) with a 1% transit every 3.29 d, noise and a slow trend, drawn with
// the same chart as the Lab. The e2e run reads data-draw-ms.
function lightCurve(n: number) {
  const time = new Array<number>(n);
  const flux = new Array<number>(n);
  const trend = new Array<number>(n);
  const mask = new Array<number>(n);
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  for (let i = 0; i < n; i++) {
    const t = 1325 + i / 720;
    let p = (t - 1326.1) / 3.2888;
    p -= Math.floor(p + 0.5);
    const inTransit = Math.abs(p * 3.2888 * 24) < 1.7;
    time[i] = t;
    trend[i] = 1 + 0.002 * Math.sin(t / 4);
    flux[i] = trend[i] * (inTransit ? 0.993 : 1) + 0.0015 * rand();
    mask[i] = inTransit ? 1 : 0;
  }
  const [out, inside] = splitByMask(flux, mask);
  return [time, out, inside, trend];
}

export function PlotBench() {
  const [n, setN] = useState(70000);
  const [run, setRun] = useState(0);
  const data = useMemo(() => lightCurve(n), [n]);
  return (
    <>
      <h1>Plot benchmark</h1>
      <p className="lead">Draws a {n.toLocaleString('en')}-point light curve with the Lab&apos;s chart and reports the time to the first complete draw.</p>
      <div className="row">
        <label className="field">
          Points
          <select value={n} onChange={(e) => setN(Number(e.target.value))}>
            {[20000, 70000, 100000].map((v) => (
              <option key={v} value={v}>
                {v.toLocaleString('en')}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setRun((r) => r + 1)} data-testid="redraw">
          Redraw
        </button>
      </div>
      <Chart key={`${n}-${run}`} title={`${n.toLocaleString('en')} points`} testId="bench-plot" data={data} series={SERIES} xLabel="time (BTJD)" yLabel="flux" height={320} />
    </>
  );
}
