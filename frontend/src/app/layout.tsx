import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';

import { Nav } from '@/components/Nav';
import { SessionProvider } from '@/components/session';

import './globals.css';

export const metadata: Metadata = {
  title: 'exodetect',
  description: 'Find transiting exoplanets in Kepler, K2 and TESS light curves.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#070b16' };

export default function RootLayout({ children }: { children: ReactNode }) {
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
