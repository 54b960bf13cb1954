/**
 * Signing in through the web front end in real headless Chromium: each failure says what to do
 * about it (wrong password, wrong code, locked account), and an expired session sends the user
 * back to sign in with that message.
 */
import type { Browser, Page } from 'playwright-core';
import type { Stack } from '../support/stack';
import { currentOtp, fillSignIn, launchChromium, startWebStack } from './browser';

jest.setTimeout(60_000);

describe('signing in to the web front end, in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  // The gateway's clock, moved forward to let a session expire without waiting for it.
  let offsetMs = 0;

  beforeAll(async () => {
    // Both start at once; the stack is kept first so that afterAll stops it even if Chromium fails.
    const starting = startWebStack({
      people: 100,
      gateway: { clock: () => new Date(Date.now() + offsetMs), maxLoginFailures: 3, sessionTtlSeconds: 600 },
    });
    const launching = launchChromium();
    launching.catch(() => undefined); // reported by the await below, not as unhandled meanwhile
    stack = await starting;
    browser = await launching;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: stack.url });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    return page;
  }

  const problem = (page: Page) => page.getByRole('alert').first();
  // Runs in the browser; a string keeps DOM globals out of the Node type-check.
  const stored = (page: Page) => page.evaluate<string | null>("sessionStorage.getItem('care.session')");

  it('asks for every field before sending anything', async () => {
    const page = await freshPage();
    await page.getByRole('button', { name: 'Sign in' }).click();
    const text = await problem(page).textContent();
    expect(text).toContain('Enter your user name');
    expect(text).toContain('Enter the 6-digit code');
    expect(await page.getByLabel('User name').getAttribute('aria-invalid')).toBe('true');
  });

  it('says when the user name or password is wrong, and when the one-time code is wrong', async () => {
    const page = await freshPage();
    const gp = stack.account('gp');
    await fillSignIn(page, gp.username, 'not-the-password', currentOtp(stack, gp));
    await page.getByText('The user name or password is wrong.').first().waitFor();

    const wrongCode = currentOtp(stack, gp) === '000000' ? '111111' : '000000';
    await fillSignIn(page, gp.username, gp.password, wrongCode);
    await page
      .getByText(/The one-time code is wrong, expired or already used/)
      .first()
      .waitFor();
    // The code field is the one marked, and it is emptied for the next code.
    expect(await page.getByLabel('One-time code').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('One-time code').inputValue()).toBe('');
  });

  it('says when an account is locked after repeated failures', async () => {
    const page = await freshPage();
    const manager = stack.account('manager');
    for (let i = 0; i < 3; i++) {
      await fillSignIn(page, manager.username, `wrong-${i}`, '123456');
      await page.getByText('The user name or password is wrong.').first().waitFor();
    }
    // Even the right password is refused now, and the message says so.
    await fillSignIn(page, manager.username, manager.password, currentOtp(stack, manager));
    await page.getByText(/This account is locked after repeated failed attempts/).waitFor();
  });

  it('sends a user whose session expired back to sign in, with that message, then to where they were', async () => {
    const page = await freshPage();
    const sw = stack.account('social_worker');
    await fillSignIn(page, sw.username, sw.password, currentOtp(stack, sw));
    await page.getByRole('heading', { name: 'My caseload' }).waitFor();
    expect(await stored(page)).toContain('"token"');

    // Twenty minutes later the token has expired: the next request is refused with 401.
    offsetMs = 20 * 60_000;
    await page.getByRole('link', { name: 'CP notifications' }).click();
    await page.getByText('Your session has expired. Sign in again to continue.').waitFor();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(page.url()).toContain('/sign-in?next=%2Fcp-notifications');
    // Nothing of the session is left in the browser.
    expect(await stored(page)).toBeNull();

    await fillSignIn(page, sw.username, sw.password, currentOtp(stack, sw));
    await page.getByRole('heading', { name: 'Child protection attendance notifications' }).waitFor();
    offsetMs = 0;
  });

  it('signs out on request and keeps nothing', async () => {
    const page = await freshPage();
    const ho = stack.account('housing_officer');
    await fillSignIn(page, ho.username, ho.password, currentOtp(stack, ho));
    await page.getByRole('heading', { name: 'Find a resident' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    expect(await stored(page)).toBeNull();
    // The app's pages need a session: going back to one lands on sign-in.
    await page.goto('/people');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});
