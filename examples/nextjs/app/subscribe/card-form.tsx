'use client';
// The card form, isolated: ImpCardForm loads impcard's imp-card.js from `server` (another origin)
// and the card is typed in its frame. The handlers are attached by the component itself, so they
// run after server rendering and hydration too.
import { ImpCardForm } from 'impcard/react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

export function CardForm({ server, token }: { server: string; token: string }) {
  const router = useRouter();
  const [status, setStatus] = useState('');
  return (
    <>
      <ImpCardForm
        server={server}
        token={token}
        onSuccess={(event) => {
          setStatus(`${event.detail.billing_key?.card_number ?? ''} 카드가 등록되었습니다.`);
          setTimeout(() => router.push('/account'), 1000);
        }}
        onFailure={(event) => {
          // The form shows its own messages; a used or expired token needs a fresh page.
          if (event.detail.code === 'TOKEN_EXPIRED' || event.detail.code === 'TOKEN_ALREADY_USED') {
            router.refresh();
          }
        }}
      />
      <p id="status" role="status">
        {status}
      </p>
    </>
  );
}
