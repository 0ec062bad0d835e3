// Runs once when the Next.js server starts (nodejs runtime only).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { stampPeerAddress } = await import('./lib/peer-address');
    stampPeerAddress();
  }
}
