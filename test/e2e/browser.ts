import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../ensure-packages.mjs';

/** Debian's Chromium, headless, with every background request off and DNS limited to loopback. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
  });
}
