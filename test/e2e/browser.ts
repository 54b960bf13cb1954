/**
 * Real headless Chromium (Debian's package) driven by playwright-core against the in-process stack
 * serving the built web front end. Shared by the browser tests and scripts/screenshots.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { join, resolve } from 'node:path';
import { generateSync } from 'otplib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { DemoAccount } from '../support/client';
import { Stack, type StackOptions } from '../support/stack';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WEB_DIST = resolve(__dirname, '..', '..', 'web', 'dist');

/**
 * The built front end. A checkout without one is built here (codegen, type-check, vite: a few
 * seconds); `npm test` builds it first anyway, so the tests always exercise the current source.
 * Test files run in parallel workers: a lock directory lets one build while the others wait.
 */
export async function ensureWebBuilt(): Promise<string> {
  const index = join(WEB_DIST, 'index.html');
  if (existsSync(index)) return WEB_DIST;
  const lock = join(WEB_DIST, '..', '.e2e-build-lock');
  // A lock left by a crashed run (older than any build takes) is stale.
  if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000)
    rmSync(lock, { recursive: true, force: true });
  try {
    mkdirSync(lock);
  } catch {
    for (let waited = 0; existsSync(lock) && waited < 180_000; waited += 500) await delay(500);
    if (existsSync(index)) return WEB_DIST;
    throw new Error('web/dist is missing and another test worker failed to build it');
  }
  try {
    const r = spawnSync('npm', ['run', 'build', '-w', 'web'], {
      cwd: resolve(__dirname, '..', '..'),
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (r.status !== 0 || !existsSync(index)) {
      throw new Error(`web/dist is missing and \`npm run build -w web\` failed:\n${r.stdout}\n${r.stderr}`);
    }
    return WEB_DIST;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the browser tests need Debian's chromium package ` +
        '(apt-get install -y chromium), or CHROMIUM_PATH pointing at a Chromium binary.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function startWebStack(opts: StackOptions = {}): Promise<Stack> {
  const webDir = await ensureWebBuilt();
  return Stack.start({ ...opts, gateway: { ...opts.gateway, webDir } });
}

/** The one-time code a user's authenticator shows at the gateway's current time. */
export function currentOtp(stack: Stack, account: DemoAccount): string {
  return generateSync({
    secret: account.totpSecret,
    period: account.totpStep,
    epoch: Math.floor(stack.config.clock().getTime() / 1000),
  });
}

/** Fills the sign-in form; the caller decides what should happen next. */
export async function fillSignIn(page: Page, username: string, password: string, otp: string): Promise<void> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('One-time code').fill(otp);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
}

/** A fresh browser context (its own sessionStorage) signed in through the form as the role's demo user. */
export async function signInAs(browser: Browser, stack: Stack, role: string): Promise<SignedInPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    baseURL: stack.url,
    locale: 'en-GB',
  });
  // Fail fast: every step here takes well under a second on a working build.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const account = stack.account(role);
  await page.goto('/');
  await fillSignIn(page, account.username, account.password, currentOtp(stack, account));
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { context, page };
}

/** Text of the first element matching a locator string, trimmed. */
export async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}
