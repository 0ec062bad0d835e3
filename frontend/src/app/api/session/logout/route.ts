import { cookies } from 'next/headers';

import { TOKEN_COOKIE } from '@/lib/backend';
import { revoke } from '@/lib/session';

export const dynamic = 'force-dynamic';

export async function POST(): Promise<Response> {
  const jar = await cookies();
  const token = jar.get(TOKEN_COOKIE)?.value;
  if (token) await revoke(token);
  jar.delete(TOKEN_COOKIE);
  return Response.json({ user: null });
}
