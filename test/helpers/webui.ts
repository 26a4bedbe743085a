// The web UI's browser tests: a real master, real agents and a headless
// Chromium per test, all ended (the browser included) and checked for
// leaks after it, even when it failed. Skipped, saying why, where there is
// no Chromium or no root.
import type { TestFn } from 'ava';
import type { Page } from 'playwright-core';

import { TestBrowser, cannotRunBrowser } from './browser.js';
import type { EndToEndContext } from './real-agent.js';
import { cannotRunAgents, useEndToEnd } from './real-agent.js';

export interface WebuiContext extends EndToEndContext {
  browser: TestBrowser;
}

export function useWebui(test: TestFn<WebuiContext>): TestFn<WebuiContext> {
  const cannot = cannotRunBrowser ?? cannotRunAgents;
  if (cannot) {
    console.log(`# web UI browser tests skipped: ${cannot}`);
    const skip = (title: string, ...rest: unknown[]) => (test.skip as (...args: unknown[]) => void)(`${title} (skipped: ${cannot})`, ...rest);
    return Object.assign(skip, { serial: skip }) as unknown as TestFn<WebuiContext>;
  }
  const wrapped = useEndToEnd(test as unknown as TestFn<EndToEndContext>) as unknown as TestFn<WebuiContext>;
  wrapped.beforeEach(async (t) => {
    t.context.browser = await TestBrowser.launch();
  });
  wrapped.afterEach.always(async (t) => {
    const { browser } = t.context;
    if (!browser) return;
    if (!t.passed && browser.errors.length > 0) t.log(`browser errors: ${browser.errors.join('\n')}`);
    t.deepEqual(await browser.close(), [], 'the browser left processes behind');
  });
  return wrapped;
}

/** The page's text of the element `selector` (waits for it). */
export async function textOf(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent()) ?? '';
}
