import { Lab } from '@/components/Lab';

export default async function LabJobPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <Lab jobId={decodeURIComponent(id)} />;
}
