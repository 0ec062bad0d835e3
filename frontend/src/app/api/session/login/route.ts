import { authenticate } from '@/lib/session';

export const dynamic = 'force-dynamic';

export function POST(req: Request): Promise<Response> {
  return authenticate('login', req);
}
