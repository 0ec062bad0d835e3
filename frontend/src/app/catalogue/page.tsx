import { Catalogue } from '@/components/Catalogue';

export default function CataloguePage() {
  return <Catalogue />;
}
