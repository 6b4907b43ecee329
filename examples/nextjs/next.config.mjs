/**
 * As `create-next-app` makes it today: with Cache Components, data that belongs to a request
 * (cookies, the clock) is read inside <Suspense>, after `connection()`, never at build time.
 * @type {import('next').NextConfig}
 */
const nextConfig = { cacheComponents: true };
export default nextConfig;
