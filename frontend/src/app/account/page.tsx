import { Account } from '@/components/Account';

export default function AccountPage() {
  return <Account />;
}
