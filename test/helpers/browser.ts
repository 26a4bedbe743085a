// A headless Chromium for the web UI's tests: the distribution's own
// (apt-get install chromium; nothing is downloaded), driven by
// playwright-core, with a fresh profile. close() ends it, removes the
// profile, and reports any of its processes still alive (ended by pid).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
export const SCREENSHOTS = new URL('../../test-results/webui/', import.meta.url).pathname;

/** Why the browser tests cannot run here, if they cannot. */
export const cannotRunBrowser: string | undefined = existsSync(CHROMIUM) ? undefined : `there is no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_BIN)`;

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function pidsUsing(profile: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(profile)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export class TestBrowser {
  /** What the pages logged as errors (console errors, uncaught exceptions, CSP violations). */
  readonly errors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly profile: string,
  ) {}

  static async launch(): Promise<TestBrowser> {
    const profile = mkdtempSync('/tmp/mct-chromium-');
    try {
      const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 }, timeout: 30_000 });
      return new TestBrowser(context, profile);
    } catch (error) {
      for (const pid of pidsUsing(profile)) process.kill(pid, 'SIGKILL');
      rmSync(profile, { recursive: true, force: true });
      throw error;
    }
  }

  async page(): Promise<Page> {
    const page = this.context.pages()[0] ?? (await this.context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push(message.text());
    });
    page.on('pageerror', (error) => this.errors.push(error.message));
    return page;
  }

  /** Ends the browser and everything it started; returns what was left (and killed). */
  async close(): Promise<string[]> {
    await this.context.close().catch(() => undefined);
    const left = pidsUsing(this.profile).filter((pid) => pid !== process.pid);
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // ended meanwhile
      }
    }
    rmSync(this.profile, { recursive: true, force: true });
    return left.map((pid) => `chromium process ${pid} outlived the browser`);
  }
}

/** Saves a full-page screenshot as test-results/webui/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
