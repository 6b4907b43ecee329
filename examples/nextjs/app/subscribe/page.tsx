// Server-rendered: the token is signed here, for the logged-in customer only (the browser never
// chooses the customer_uid), and handed to the client component with the page.
import { signRegistrationToken } from 'impcard/server';
import { redirect } from 'next/navigation';
import { impcardUrl, required } from '@/lib/impcard';
import { PLAN, customerUidOf } from '@/lib/shop-db';
import { currentUser } from '@/lib/session';
import { CardForm } from './card-form';

export const dynamic = 'force-dynamic';

export default async function Subscribe() {
  const user = await currentUser();
  if (!user) redirect('/');
  const { token } = await signRegistrationToken(required('IMPCARD_TOKEN_SECRET'), {
    customer_uid: customerUidOf(user),
    mode: 'billing_key',
    buyer: { name: user },
    ttl_seconds: 600,
  });
  return (
    <>
      <h1>{PLAN.name}</h1>
      <p>
        {user}님, 카드를 등록하면 매월 {PLAN.amount.toLocaleString('ko-KR')}원이 결제됩니다.
      </p>
      <CardForm server={impcardUrl()} token={token} />
      <p>
        <a href="/account">내 구독</a>
      </p>
    </>
  );
}
