import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';

import { Nav } from '@/components/Nav';
import { SessionProvider } from '@/components/session';

import './globals.css';

export const metadata: Metadata = {
  title: 'exodetect',
  description: 'Find transiting exoplanets in Kepler, K2 and TESS light curves.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#070b16' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request renders every page per request, so Next.js can put the proxy's fresh
  // CSP nonce (src/proxy.ts) on its scripts; a page prerendered at build time could carry none.
  await headers();
  return (
    <html lang="en">
      <body>
        <SessionProvider>
          <a className="skip" href="#content">
            Skip to content
          </a>
          <Nav />
          <main id="content">{children}</main>
        </SessionProvider>
      </body>
    </html>
  );
}
