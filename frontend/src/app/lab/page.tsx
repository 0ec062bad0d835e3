import { Lab } from '@/components/Lab';

export default function LabPage() {
  return <Lab />;
}
