import { NextResponse } from 'next/server';
import { required } from '@/lib/impcard';
import { sessionCookie } from '@/lib/session';

export async function POST(request: Request) {
  const user = String((await request.formData()).get('user') ?? '');
  const shop = required('SHOP_ORIGIN');
  if (!/^[a-z0-9_]{1,20}$/.test(user)) return NextResponse.redirect(`${shop}/?error=1`, 303);
  const response = NextResponse.redirect(`${shop}/subscribe`, 303);
  response.cookies.set('session', sessionCookie(user), { httpOnly: true, sameSite: 'lax' });
  return response;
}
