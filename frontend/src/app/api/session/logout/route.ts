import { cookies } from 'next/headers';

import { TOKEN_COOKIE } from '@/lib/backend';

export const dynamic = 'force-dynamic';

export async function POST(): Promise<Response> {
  (await cookies()).delete(TOKEN_COOKIE);
  return Response.json({ user: null });
}
