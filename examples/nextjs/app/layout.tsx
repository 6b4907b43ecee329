import type { ReactNode } from 'react';
import './shop.css';

export const metadata = { title: 'impcard shop' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="ko">
      <body>
        <main>{children}</main>
      </body>
    </html>
  );
}
