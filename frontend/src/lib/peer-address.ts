// Server only. Next.js gives route handlers no access to the connection, and it fills
// X-Forwarded-For from the socket only when the client sent none: a client could name any
// address. This stamps every incoming request with the address that actually connected, in a
// header of our own that overwrites whatever the client sent, before Next.js sees the request.
import http from 'node:http';

import { PEER_HEADER, PEER_STAMPED } from './client-address';

export function stampPeerAddress(): void {
  const flags = globalThis as Record<symbol, unknown>;
  if (flags[PEER_STAMPED]) return;
  flags[PEER_STAMPED] = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? '';
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}
