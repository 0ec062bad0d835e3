'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

import { useSession } from '@/components/session';

const LINKS = [
  { href: '/lab', label: 'Detection Lab' },
  { href: '/classify', label: 'Classify' },
  { href: '/models', label: 'Models' },
  { href: '/catalogue', label: 'Catalogue' },
  { href: '/account', label: 'Account' },
];

export function Nav() {
  const path = usePathname() ?? '';
  const { user } = useSession();
  return (
    <header className="top">
      <Link className="brand" href="/lab">
        exo<span>detect</span>
      </Link>
      <nav className="main" aria-label="Main">
        {LINKS.map((l) => (
          <Link key={l.href} href={l.href} aria-current={path.startsWith(l.href) ? 'page' : undefined}>
            {l.label}
          </Link>
        ))}
      </nav>
      <span className="who" data-testid="who">
        {user ? `${user.email}${user.role === 'admin' ? ' (admin)' : ''}` : 'Not logged in'}
      </span>
    </header>
  );
}
