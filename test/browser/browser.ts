import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

import { projectRoot } from '../../src/config.js';
import { WEB_DIR } from '../../src/http/web.js';
import { startTestServer, type TestServer } from '../helpers.js';

/** Debian's Chromium (or CHROMIUM_PATH); undefined when it is not installed. */
export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => typeof p === 'string' && fs.existsSync(p),
);

if (!chromiumPath) {
  process.stderr.write(
    '\n[browser tests] Chromium was not found, so the playground and explorer tests are skipped.\n' +
      '  Install it with: sudo apt-get install -y chromium fonts-noto-cjk   (or set CHROMIUM_PATH)\n\n',
  );
}

export const SHOTS = path.join(projectRoot, 'test-output', 'screenshots');

/** Builds the front end if `npm install` has not (e.g. after a pull that changed web/). */
export function ensureWebBuilt(): void {
  if (fs.existsSync(path.join(WEB_DIR, 'explore.html'))) return;
  const build = spawnSync('npm', ['run', 'build:web'], { cwd: projectRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`web build failed: ${build.stderr}`);
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The API on the shared test Neo4j and a Chromium, for the tests of one describe block. */
export interface ExplorerBed {
  readonly t: TestServer;
  readonly browser: Browser;
  /** The API's origin: `${bed.base()}/explore` is the explorer. */
  readonly base: () => string;
}

/**
 * Starts an ExplorerBed before the calling describe block's tests (building the front end first
 * if need be) and closes it after them; read its fields inside hooks and tests only.
 */
export function explorerBed(): ExplorerBed {
  let t: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('the explorer bed is started by beforeAll: read it inside hooks and tests');
    return value;
  };
  return {
    get t() {
      return started(t);
    },
    get browser() {
      return started(browser);
    },
    base: () => started(t).server.url.replace(/\/graphql$/, ''),
  };
}

/**
 * A page whose network is limited to this machine: every request to another host is recorded and
 * aborted, so a test can assert that nothing tried to leave (no CDN, no fonts, no telemetry).
 */
export async function localPage(browser: Browser): Promise<{ page: Page; external: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  // Playwright's waits end on an event; this only bounds them, generously for a loaded machine.
  context.setDefaultTimeout(120_000);
  const page = await context.newPage();
  const external: string[] = [];
  const errors: string[] = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (
      ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) ||
      url.protocol === 'data:' ||
      url.protocol === 'blob:'
    ) {
      return route.continue();
    }
    external.push(url.href);
    return route.abort();
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, external, errors };
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** A screenshot the README shows (docs/<name>.png): each run of the tests draws it anew. */
export async function docShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(projectRoot, 'docs', `${name}.png`) });
}
