// The browser tests' harness, shared by the files in tests/ui/: the real product as `npm start`
// runs it (compiled dist/, embedded PostgreSQL, engine, workers, demo seed) on ports of its own,
// Debian's /usr/bin/chromium through playwright-core (no browser is ever downloaded), the demo
// logins, and small helpers. Screenshots go to test-artifacts/ui/ (not committed).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { productSettings, startProductProcess, waitForHealthy, connectToProductDatabase } =
  await import(path.join(root, 'dist/tests/helpers/product-process.js'));

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const artifacts = path.join(root, 'test-artifacts/ui');
export const office = { width: 1366, height: 768 };
export const phone = { width: 390, height: 844 };

/**
 * Starts the product (with `env` on top of its test settings) and a headless Chromium. The answer
 * holds what the tests use; `stop()` ends both and removes the data directory.
 */
export async function startHarness(env = {}) {
  assert.ok(
    existsSync(chromiumPath),
    `${chromiumPath} is missing: apt-get install -y chromium (never a downloaded browser)`,
  );
  assert.ok(existsSync(path.join(root, 'ui/dist/index.html')), 'ui/dist is missing: npm run build');
  await fs.mkdir(artifacts, { recursive: true });
  const settings = await productSettings();
  const product = startProductProcess({
    ...settings.env,
    LOG_LEVEL: 'warn',
    DEMO_SEED: 'true',
    ...env,
  });
  const harness = { settings, product, logins: new Map(), forwardedFor: 0 };
  try {
    await waitForHealthy(product, settings.httpPort, 120_000);
    harness.baseUrl = `http://127.0.0.1:${settings.httpPort}`;
    for (const [, login, password, role] of product
      .output()
      .matchAll(/^ {2}(\S+)\s+(\S+)\s+\(([\w-]+)\)$/gm)) {
      harness.logins.set(role, { login, password });
    }
    assert.ok(harness.logins.size >= 10, `demo logins not found in:\n${product.output()}`);
    harness.database = await connectToProductDatabase(settings);
    harness.browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (error) {
    await stopHarness(harness);
    throw error;
  }
  return harness;
}

export async function stopHarness(harness) {
  if (!harness) return;
  await harness.browser?.close();
  await harness.database?.end();
  const { product, settings } = harness;
  if (product && product.child.exitCode === null) {
    product.child.kill('SIGTERM');
    const stopped = await Promise.race([
      product.exited.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 20_000)),
    ]);
    if (!stopped) product.child.kill('SIGKILL');
  }
  if (settings) await fs.rm(settings.dataDir, { recursive: true, force: true });
}

/**
 * A fresh browser session (its own cookies and storage). The API allows ten sign-ins a minute per
 * address and trusts X-Forwarded-For from loopback, so each session poses as its own office PC
 * (TEST-NET-3 addresses: a header only, nothing is sent there).
 */
export async function newPage(harness, viewport = office) {
  harness.forwardedFor += 1;
  const context = await harness.browser.newContext({
    viewport,
    baseURL: harness.baseUrl,
    extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${harness.forwardedFor}` },
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    // Answers 4xx are part of the story (a refused action, an invalid form) and the page shows
    // them; Chromium logs them anyway.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text()))
      problems.push(message.text());
  });
  return { page, context, problems };
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

export async function signIn(harness, page, role) {
  const { login, password } = harness.logins.get(role);
  await page.goto('/masuk');
  await page.getByLabel('Nama pengguna').fill(login);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.getByRole('button', { name: 'Keluar' }).waitFor();
}

export async function navigationOf(page) {
  return page.locator('nav[aria-label="Navigasi utama"] a').allTextContents();
}

/** No sideways scrolling: the page fits the width it is shown at. */
export async function assertFitsWidth(page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `the page is ${scroll}px wide in a ${client}px window`);
}

export async function until(what, check, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
