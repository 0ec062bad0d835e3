import { Suspense } from 'react';

import { Classify } from '@/components/Classify';

export default function ClassifyPage() {
  return (
    <Suspense>
      <Classify />
    </Suspense>
  );
}
