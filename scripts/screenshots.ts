/**
 * Screenshots of the main pages for the README: starts the whole stack in process with the built
 * web front end, signs in as each main role in headless Chromium and saves PNGs to
 * docs/screenshots/. Usage: npm run build -w web && tsx scripts/screenshots.ts
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signInAs, startWebStack } from '../test/e2e/browser';
import { findPerson } from '../test/support/people';
import type { Stack } from '../test/support/stack';

const OUT = resolve(__dirname, '..', 'docs', 'screenshots');
const HF = 'E09000013';

async function shot(
  page: Page,
  name: string,
  opts: { selector?: string; fullPage?: boolean } = {},
): Promise<void> {
  // Let fonts, late queries and layout settle: a half-drawn page makes a misleading picture.
  await page.waitForLoadState('networkidle');
  // Strings run in the browser and keep DOM globals out of the Node type-check.
  await page.waitForFunction('!/Loading…|Refreshing…|Searching…/.test(document.body.innerText)', null, {
    timeout: 20_000,
  });
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  const path = join(OUT, `${name}.png`);
  if (opts.selector) await page.locator(opts.selector).first().screenshot({ path });
  else await page.screenshot({ path, fullPage: opts.fullPage ?? false });
  console.log(`saved ${path}`);
}

async function clinician(browser: Browser, stack: Stack, cpChild: string, patient: string): Promise<void> {
  const { page, context } = await signInAs(browser, stack, 'gp');
  await page.goto(`/people/${cpChild}`);
  await page.getByTestId('cp-banner').waitFor();
  await shot(page, 'gp-person');
  await page.goto(`/people/${patient}`);
  await page.getByTestId('timeline').waitFor();
  await shot(page, 'gp-timeline', { selector: '#timeline' });
  // A correction for the social worker's screenshot.
  await page.getByText('Propose a correction').click();
  const form = page.getByRole('form', { name: 'Propose a correction' });
  await form.getByLabel('Correct value').fill('020 7946 0321');
  await form.getByLabel('Why the record is wrong').fill('Daughter gave her new number at the surgery today');
  await form.getByRole('button', { name: 'Propose correction' }).click();
  await page.getByText(/Correction proposed/).waitFor();
  await context.close();

  const ae = await signInAs(browser, stack, 'ae_clinician');
  await ae.page.goto(`/people/${cpChild}`);
  await ae.page.getByTestId('cp-banner').waitFor();
  await shot(ae.page, 'ae-child-protection');
  await ae.context.close();
}

async function socialWorker(browser: Browser, stack: Stack): Promise<void> {
  const { page, context } = await signInAs(browser, stack, 'social_worker');
  await page.getByTestId('caseload').locator('tbody tr').first().waitFor();
  await shot(page, 'sw-caseload');
  await page.getByRole('link', { name: /^Referrals(\s*,|$)/ }).click();
  await page.getByTestId('referrals-inbox').waitFor();
  await shot(page, 'sw-referrals');
  await page.getByRole('link', { name: /^Corrections(\s*,|$)/ }).click();
  await page.getByTestId('corrections-inbox').waitFor();
  await shot(page, 'sw-corrections');
  await context.close();
}

async function financialOfficer(browser: Browser, stack: Stack): Promise<void> {
  const nhs = await findPerson(stack, {
    situation: 'housing_benefit',
    borough: HF,
    consents: { council_benefit_to_social_care: 'active' },
  });
  const { page, context } = await signInAs(browser, stack, 'financial_officer');
  await page.goto(`/people/${nhs}`);
  await page.getByTestId('income-statement').waitFor();
  await page.locator('#financial-assessment').scrollIntoViewIfNeeded();
  await shot(page, 'fao-income-statement', { selector: '.sections' });
  await context.close();
}

async function igAdmin(browser: Browser, stack: Stack): Promise<void> {
  const { page, context } = await signInAs(browser, stack, 'ig_admin');
  await page.getByLabel('Search fields').fill('SocialCareRecord');
  await page.getByLabel('SocialCareRecord.caseNotes, GP: access').waitFor();
  await page.getByLabel('SocialCareRecord.caseStatus, GP: access').selectOption('deny');
  await page.getByLabel('Comment').fill('GPs no longer see the case status');
  await page.setViewportSize({ width: 1280, height: 1500 });
  await shot(page, 'admin-permissions');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText(/Published version/).waitFor();
  await page.getByRole('link', { name: 'Policy versions' }).click();
  await page
    .locator('[data-version="2"]')
    .getByText(/changed cell/)
    .click();
  await shot(page, 'admin-versions');
  await page.getByRole('link', { name: 'Audit' }).click();
  await page.getByTestId('audit-results').locator('tbody tr').first().waitFor();
  await shot(page, 'admin-audit');
  await page.getByRole('link', { name: 'Break-glass alerts' }).click();
  await page.getByRole('heading', { name: 'Break-glass alerts' }).waitFor();
  await page.getByRole('link', { name: 'Matching queue' }).click();
  await page.getByTestId('match-queue').waitFor();
  await shot(page, 'admin-matching');
  await context.close();
}

async function manager(browser: Browser, stack: Stack): Promise<void> {
  const { page, context } = await signInAs(browser, stack, 'manager');
  await page.getByTestId('report-tiles').waitFor();
  await page.locator('svg.chart').nth(1).waitFor();
  await shot(page, 'manager-reports', { fullPage: true });
  await context.close();
}

async function frontEndTeams(browser: Browser, stack: Stack): Promise<void> {
  const { page, context } = await signInAs(browser, stack, 'housing_officer');
  await page.goto('/schema/explorer');
  await page.locator('.graphiql-query-editor', { hasText: 'WhoAmI' }).waitFor({ timeout: 20_000 });
  await page.locator('.graphiql-execute-button').click();
  await page.locator('.graphiql-response', { hasText: 'Sean Brennan' }).waitFor({ timeout: 20_000 });
  await shot(page, 'api-explorer');
  await page.goto('/schema');
  await page.getByLabel('Search types and fields').fill('ChildProtection');
  await page.locator('#type-ChildProtection').waitFor();
  await shot(page, 'schema-types');
  await context.close();
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const stack = await startWebStack({ people: 400 });
  const browser = await launchChromium().catch(async (e: unknown) => {
    await stack.stop();
    throw e;
  });
  try {
    const signIn = await browser.newPage({
      viewport: { width: 1280, height: 800 },
      baseURL: stack.url,
      locale: 'en-GB',
    });
    await signIn.goto('/');
    await signIn.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot(signIn, 'sign-in');
    await signIn.close();

    const cpChild = stack.seed.summary.childOnCpPlan[0];
    const patient = await findPerson(stack, {
      knownTo: ['SOCIAL_CARE', 'HEALTH', 'COUNCIL'],
      gpPractice: 'E85001',
      borough: HF,
      consents: { social_care_to_health: 'active', health_to_social_care: 'active' },
    });
    await clinician(browser, stack, cpChild, patient);
    await socialWorker(browser, stack);
    await financialOfficer(browser, stack);
    await igAdmin(browser, stack);
    await manager(browser, stack);
    await frontEndTeams(browser, stack);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
