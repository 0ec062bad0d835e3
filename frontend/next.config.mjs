/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-sent events from the search jobs pass through the /api proxy: gzip would buffer them.
  compress: false,
  // Benchmark pages (page.bench.tsx, e.g. /bench/plot that the e2e draw budget reads) exist only
  // in a bench build (EXODETECT_BENCH_BUILD=1, as scripts/frontend-test.sh builds); the product
  // build has no such routes.
  pageExtensions: process.env.EXODETECT_BENCH_BUILD === '1' ? ['tsx', 'ts', 'bench.tsx'] : ['tsx', 'ts'],
};

export default nextConfig;
