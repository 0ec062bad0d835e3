/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-sent events from the search jobs pass through the /api proxy: gzip would buffer them.
  compress: false,
};

export default nextConfig;
