import { Suspense } from 'react';

import { Catalogue } from '@/components/Catalogue';

export default function CataloguePage() {
  return (
    <Suspense>
      <Catalogue />
    </Suspense>
  );
}
