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
// Shown only to a logged-in user: the searches kept for them.
const MY_SEARCHES = { href: '/my-searches', label: 'My searches' };

export function Nav() {
  const path = usePathname() ?? '';
  const { user } = useSession();
  return (
    <header className="top">
      <Link className="brand" href="/lab">
        exo<span>detect</span>
      </Link>
      <nav className="main" aria-label="Main">
        {[...LINKS, ...(user ? [MY_SEARCHES] : [])].map((l) => (
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
