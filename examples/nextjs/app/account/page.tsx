import { redirect } from 'next/navigation';
import { customerUidOf, readSubscriptions } from '@/lib/shop-db';
import { currentUser } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function Account() {
  const user = await currentUser();
  if (!user) redirect('/');
  const subscription = readSubscriptions()[customerUidOf(user)];
  return (
    <>
      <h1>내 구독</h1>
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
