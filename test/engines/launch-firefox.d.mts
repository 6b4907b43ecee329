import type { Browser } from 'puppeteer-core';
export declare const firefoxPrefs: Record<string, string | number | boolean>;
export declare function activateFirefoxWindow(display: string): void;
export declare function launchFirefox(options: {
  display: string;
  width?: number;
  height?: number;
}): Promise<Browser>;
export declare function setPrefersColorScheme(
  browser: Browser,
  scheme: 'light' | 'dark' | 'no-preference',
): Promise<void>;
