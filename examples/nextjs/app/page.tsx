import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { currentUser } from '@/lib/session';

export default function Login({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  return (
    <>
      <h1>로그인</h1>
      <form method="post" action="/login">
        <label htmlFor="user">아이디 (영문 소문자·숫자)</label>
        <input id="user" name="user" required pattern="[a-z0-9_]{1,20}" autoComplete="username" />
        <button>로그인</button>
        <Suspense>
          <LoginState searchParams={searchParams} />
        </Suspense>
      </form>
    </>
  );
}

/** Sends a logged-in customer on; shows a refused name's error. */
async function LoginState({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if (await currentUser()) redirect('/account');
  const { error } = await searchParams;
  return error ? <p role="alert">아이디를 확인해 주세요.</p> : null;
}
