import { PlotBench } from '@/components/PlotBench';

export const metadata = { title: 'exodetect · plot benchmark', robots: { index: false } };

export default function PlotBenchPage() {
  return <PlotBench />;
}
