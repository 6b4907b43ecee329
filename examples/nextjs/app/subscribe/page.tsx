// app/subscribe/page.tsx: a server component signs the token for the logged-in customer (the
// browser never chooses the customer_uid) and hands it to the client component with the page.
import { signRegistrationToken } from 'impcard/server';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { Suspense } from 'react';
import { impcardUrl, required } from '@/lib/impcard';
import { PLAN, customerUidOf } from '@/lib/shop-db';
import { currentUser } from '@/lib/session';
import { CardForm } from './card-form';

export default function Subscribe() {
  return (
    <>
      <h1>{PLAN.name}</h1>
      <Suspense fallback={<p>카드 입력 화면을 준비하고 있어요…</p>}>
        <SubscribeForm />
      </Suspense>
      <p>
        <a href="/account">내 구독</a>
      </p>
    </>
  );
}

async function SubscribeForm() {
  // Per request, never at build time: a token baked into a static page would be everyone's.
  await connection();
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
      <p>
        {user}님, 카드를 등록하면 매월 {PLAN.amount.toLocaleString('ko-KR')}원이 결제됩니다.
      </p>
      <CardForm server={impcardUrl()} token={token} />
    </>
  );
}
