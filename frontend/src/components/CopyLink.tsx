'use client';

import { useState } from 'react';

/** Copies `url` to the clipboard and says whether it worked. */
export function CopyLink({ url }: { url: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setState('copied');
    } catch {
      // No clipboard (insecure origin, denied permission): the field beside stays selectable.
      setState('failed');
    }
  };
  return (
    <button type="button" className="secondary" onClick={copy} disabled={!url} data-testid="copy-link">
      {state === 'copied' ? 'Link copied' : state === 'failed' ? 'Copy failed: select the link' : 'Copy link'}
    </button>
  );
}
