import { Lab } from '@/components/Lab';

export default function LabJobPage({ params }: { params: { id: string } }) {
  return <Lab jobId={decodeURIComponent(params.id)} />;
}
