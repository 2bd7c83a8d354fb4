import { test, expect, chromium, type Browser } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startReference } from '../../reference/index.ts';
import { outcome, runCli } from '../selftest/cli.ts';

/**
 * The HTML report in a real browser: Debian's Chromium (installed by .ci/run), driven by Playwright
 * through executablePath — a browser is never downloaded. The run is against a mutant whose events
 * also carry HTML/JS payloads, so the report holds failures with hostile evidence.
 */
const CHROMIUM = '/usr/bin/chromium';

test.describe('the HTML report in headless Chromium', () => {
  test.skip(!existsSync(CHROMIUM), `${CHROMIUM} is not installed (.ci/run installs Debian's chromium)`);
  let browser: Browser;
  let reportDir = '';

  test.beforeAll(async () => {
    const ref = await startReference('operator-api', { mutant: 'event-text-truncated', variation: 'html-payloads' });
    try {
      const r = await runCli(['run', 'operator-api', '--target', ref.target, '--driver', ref.driver, '--timeout', '2000']);
      expect(r.code, outcome(r)).toBe(1);
      reportDir = r.reportDir;
    } finally {
      await ref.close();
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  test.afterAll(async () => {
    await browser?.close();
  });

  test('renders the verdict, the matrix and the evidence; filters work; no payload script runs', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(path.join(reportDir, 'index.html')).href);

    // Verdict
    await expect(page.locator('#verdict')).toContainText('Not conformant (MUST)');
    await expect(page.locator('#verdict')).toContainText('operator-api');
    // Matrix: one entry per check, grouped by document
    const checks = page.locator('details.check');
    expect(await checks.count()).toBeGreaterThan(40);
    // Grouped by the documents' titles, never by internal file names.
    await expect(page.locator('#matrix h2').first()).toContainText(/Operator API|Readings/);
    for (const h of await page.locator('#matrix h2').allTextContents()) expect(h).not.toMatch(/\.txt$/);
    // Evidence of the failed check, with the payload shown as text
    const failed = page.locator('details.check[data-status="failed"]', { hasText: 'operator-api.TextMessage.text-intact' });
    await failed.locator('summary').click();
    await expect(failed).toContainText('did not arrive unchanged');
    // Expected and received like with like: the corresponding text, highlighted where it differs.
    await expect(failed).toContainText('differs from the expected text at character 1001');
    await expect(failed.locator('.d-exp')).toHaveCount(1);
    await expect(failed.locator('.d-rec')).toHaveCount(1);
    await expect(failed).toContainText('reproduce:');
    await expect(failed).toContainText('curl -sS -X POST');
    await expect(failed).toContainText('received POST');
    await expect(failed).toContainText('ms after the trigger');
    await expect(failed).toContainText('<img src=x onerror=');
    await expect(failed).toContainText('<script>window.__pwned=2</script>');
    // Filters and search
    await page.selectOption('#f-status', 'failed');
    const visibleFailed = await page.locator('details.check:not(.hidden)').count();
    expect(visibleFailed).toBe(await page.locator('details.check[data-status="failed"]').count());
    expect(visibleFailed).toBeGreaterThan(0);
    await page.selectOption('#f-status', '');
    await page.fill('#f-text', 'getDestinations');
    const shown = page.locator('details.check:not(.hidden)');
    expect(await shown.count()).toBeGreaterThan(0);
    for (const t of await shown.allTextContents()) expect(t).toContain('getDestinations');
    await page.fill('#f-text', '');
    // Coverage section
    await expect(page.locator('#coverage')).toContainText('operations and webhooks exercised');
    // Nothing from a payload ran, and the page reached for nothing outside itself
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#matrix img, #matrix script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await failed.screenshot({ path: path.join(reportDir, 'report-evidence-screenshot.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(reportDir, 'report-screenshot.png'), fullPage: false });
    expect(existsSync(path.join(reportDir, 'report-screenshot.png'))).toBe(true);
    test.info().annotations.push({ type: 'screenshot', description: path.join(reportDir, 'report-screenshot.png') });
    process.stdout.write(`report screenshot: ${path.join(reportDir, 'report-screenshot.png')}\n`);
    await page.close();
  });
});
