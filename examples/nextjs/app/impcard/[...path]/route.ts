// impcard mounted in Next.js: every method under /impcard goes to its Hono app (the widget's
// scripts, the card frame, registrations, the merchant API and i'mport's webhooks).
import { impcardApp } from '@/lib/impcard';

const handler = (request: Request) => impcardApp().fetch(request);

export { handler as GET, handler as HEAD, handler as POST, handler as DELETE, handler as OPTIONS };
