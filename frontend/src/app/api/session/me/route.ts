import { cookies } from 'next/headers';

import { TOKEN_COOKIE } from '@/lib/backend';
import { me } from '@/lib/session';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const jar = await cookies();
  const token = jar.get(TOKEN_COOKIE)?.value;
  if (!token) return Response.json({ user: null });
  try {
    const user = await me(token);
    if (!user) jar.delete(TOKEN_COOKIE);
    return Response.json({ user });
  } catch {
    return Response.json({ user: null, error: { code: 'backend_unreachable', message: 'The exodetect API is unreachable.' } });
  }
}
