// The shop's login, as a signed cookie (`user.signature`): a stand-in for your own sessions.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { cookies } from 'next/headers';
import { required } from './impcard';

const sign = (user: string) =>
  createHmac('sha256', required('SESSION_SECRET')).update(user).digest('base64url');

export const sessionCookie = (user: string) => `${user}.${sign(user)}`;

/** The logged-in user, or undefined. */
export async function currentUser(): Promise<string | undefined> {
  const value = (await cookies()).get('session')?.value ?? '';
  const [user = '', signature = ''] = value.split('.');
  const expected = sign(user);
  return signature.length === expected.length &&
    timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
    ? user
    : undefined;
}
