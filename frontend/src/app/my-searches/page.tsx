import { MySearchesPage } from '@/components/MySearches';

export default function MySearchesRoute() {
  return <MySearchesPage />;
}
