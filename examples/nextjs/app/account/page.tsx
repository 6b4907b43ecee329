import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { Suspense } from 'react';
import { customerUidOf, readSubscriptions } from '@/lib/shop-db';
import { currentUser } from '@/lib/session';

export default function Account() {
  return (
    <>
      <h1>내 구독</h1>
      <Suspense fallback={<p>불러오는 중…</p>}>
        <Subscription />
      </Suspense>
    </>
  );
}

async function Subscription() {
  await connection();
  const user = await currentUser();
  if (!user) redirect('/');
  const subscription = readSubscriptions()[customerUidOf(user)];
  return (
    <>
      <p id="card">
        {subscription?.card_number ? (
          `${subscription.card_name ?? '카드'} ${subscription.card_number}`
        ) : (
          <>
            등록된 카드가 없습니다. <a href="/subscribe">카드 등록</a>
          </>
        )}
      </p>
      <ul id="payments">
        {Object.entries(subscription?.payments ?? {}).map(([merchantUid, p]) => (
          <li key={merchantUid} data-merchant-uid={merchantUid}>
            {merchantUid}: {p.status} {p.amount.toLocaleString('ko-KR')}원 ({p.source})
          </li>
        ))}
      </ul>
    </>
  );
}
