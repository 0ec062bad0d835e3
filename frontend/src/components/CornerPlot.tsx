'use client';

import { useEffect, useMemo, useRef, useState } from 'react';

import { apiPath, apiText } from '@/lib/api';
import { cornerParameters, parseSamples, type CornerParameter } from '@/lib/corner';
import { cornerHeight, cornerSize, drawCorner } from '@/lib/corner-draw';

import { ErrorBox, Loading } from './Status';
import { useFetched } from './use-fetched';

/** What the offsets of T0 and P are, for the caption ("ΔT0 from 1327.52106 BTJD"). */
function offsetsText(params: CornerParameter[], timeUnit: string): string {
  const parts = params.flatMap((p) => {
    if (p.key === 't0_days') return [`ΔT0 in minutes from ${p.offset.toFixed(5)} ${timeUnit}`];
    if (p.key === 'period_days') return [`ΔP in seconds from ${p.offset.toFixed(7)} d`];
    return [];
  });
  return parts.length ? `; ${parts.join(', ')}` : '';
}

/**
 * The posterior of a candidate's transit fit as a corner plot: the main parameters' histograms and
 * their pairwise densities, from the samples the API keeps (GET .../fit/samples).
 */
export function CornerPlot({ jobId, index, timeUnit }: { jobId: string; index: number; timeUnit: string }) {
  const path = apiPath('/api/v1/searches/{id}/candidates/{n}/fit/samples', { id: jobId, n: index });
  const fetched = useFetched(path, () => apiText(path));
  const samples = useMemo(() => (fetched.data === null ? null : parseSamples(fetched.data)), [fetched.data]);
  const params = useMemo(() => (samples ? cornerParameters(samples) : []), [samples]);
  const count = params[0]?.values.length ?? 0;

  if (fetched.error) return <ErrorBox error={`Posterior samples: ${fetched.error}`} />;
  if (!samples) return <Loading>Loading the posterior samples…</Loading>;
  if (params.length < 2 || count < 2) return <p className="muted">Too few posterior samples to draw.</p>;
  return (
    <figure style={{ margin: 0 }} className="corner">
      <figcaption className="plot-title">
        Posterior of the main parameters ({count.toLocaleString('en')} samples): medians solid, 16th and 84th percentiles dashed{offsetsText(params, timeUnit)}.
      </figcaption>
      <CornerCanvas params={params} />
    </figure>
  );
}

function CornerCanvas({ params }: { params: CornerParameter[] }) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [ticks, setTicks] = useState<string[][] | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const size = cornerSize(width, params.length);
  const height = cornerHeight(size, params.length);
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !width) return;
    const ratio = globalThis.devicePixelRatio || 1;
    c.width = Math.round(size * ratio);
    c.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    setTicks(drawCorner(ctx, params, size).ticks);
  }, [params, size, height, width]);

  return (
    <div ref={box} className="corner-box">
      <canvas
        ref={canvas}
        role="img"
        aria-label={`Corner plot of ${params.map((p) => p.label).join(', ')}`}
        data-testid="plot-corner"
        data-params={params.map((p) => p.key).join('|')}
        data-samples={params[0]?.values.length ?? 0}
        data-ticks={ticks ? ticks.map((t) => t.join(';')).join('|') : undefined}
        data-drawn={ticks ? 'true' : 'false'}
        style={{ width: size, height }}
      />
    </div>
  );
}
