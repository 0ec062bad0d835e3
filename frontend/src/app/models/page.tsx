import { Models } from '@/components/Models';

export default function ModelsPage() {
  return <Models />;
}
