// End-to-end tests of the web UI in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core; no browser is ever downloaded), against the real product as `npm start` runs
// it: the compiled dist/ entry point on the embedded defaults — embedded PostgreSQL, engine,
// workers, demo seed — in a data directory and on ports of its own.
//
// A screenshot of every page is saved to test-artifacts/ui/ (not committed).
//
// Run with `npm run test:ui` (it builds first).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { productSettings, startProductProcess, waitForHealthy, connectToProductDatabase } =
  await import(path.join(root, 'dist/tests/helpers/product-process.js'));
const { createZeebeClient } = await import(path.join(root, 'dist/platform/src/zeebe-client.js'));

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = path.join(root, 'test-artifacts/ui');
const office = { width: 1366, height: 768 };
const phone = { width: 390, height: 844 };

let settings;
let product;
let baseUrl;
let database;
let browser;
/** role → { login, password }, from the demo seed's start-up output. */
const logins = new Map();
let forwardedFor = 0;

/**
 * A fresh browser session (its own cookies and storage). The API allows ten sign-ins a minute per
 * address and trusts X-Forwarded-For from loopback, so each session poses as its own office PC
 * (TEST-NET-3 addresses: a header only, nothing is sent there).
 */
async function newPage(viewport = office) {
  forwardedFor += 1;
  const context = await browser.newContext({
    viewport,
    baseURL: baseUrl,
    extraHTTPHeaders: { 'x-forwarded-for': `203.0.113.${forwardedFor}` },
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    // Answers 4xx are part of the story (an anonymous visit's /api/auth/me, a wrong receipt) and
    // the page shows them; Chromium logs them anyway.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text()))
      problems.push(message.text());
  });
  return { page, context, problems };
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

async function signIn(page, role) {
  const { login, password } = logins.get(role);
  await page.goto('/masuk');
  await page.getByLabel('Nama pengguna').fill(login);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.getByRole('button', { name: 'Keluar' }).waitFor();
}

async function navigationOf(page) {
  return page.locator('nav[aria-label="Navigasi utama"] a').allTextContents();
}

/** No sideways scrolling: the page fits the width it is shown at. */
async function assertFitsWidth(page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `the page is ${scroll}px wide in a ${client}px window`);
}

/** Presses Tab until `target` has the focus: it is reachable from the keyboard. */
async function tabTo(page, target, maxTabs = 40) {
  for (let i = 0; i < maxTabs; i += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`not reachable with ${maxTabs} presses of Tab`);
}

async function until(what, check, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

before(async () => {
  assert.ok(
    existsSync(chromiumPath),
    `${chromiumPath} is missing: apt-get install -y chromium (never a downloaded browser)`,
  );
  assert.ok(existsSync(path.join(root, 'ui/dist/index.html')), 'ui/dist is missing: npm run build');
  await fs.mkdir(artifacts, { recursive: true });
  settings = await productSettings();
  product = startProductProcess({ ...settings.env, LOG_LEVEL: 'warn', DEMO_SEED: 'true' });
  await waitForHealthy(product, settings.httpPort, 120_000);
  baseUrl = `http://127.0.0.1:${settings.httpPort}`;
  for (const [, login, password, role] of product
    .output()
    .matchAll(/^ {2}(\S+)\s+(\S+)\s+\(([\w-]+)\)$/gm)) {
    logins.set(role, { login, password });
  }
  assert.ok(logins.size >= 10, `demo logins not found in:\n${product.output()}`);
  database = await connectToProductDatabase(settings);
  browser = await chromium.launch({
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
});

after(async () => {
  await browser?.close();
  await database?.end();
  if (product && product.child.exitCode === null) {
    product.child.kill('SIGTERM');
    const stopped = await Promise.race([
      product.exited.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 20_000)),
    ]);
    if (!stopped) product.child.kill('SIGKILL');
  }
  if (settings) await fs.rm(settings.dataDir, { recursive: true, force: true });
});

describe('the public status page', () => {
  it('shows the status and the next step for a real NIK and receipt number, on a phone', async () => {
    // Given the month's eligibility scan, asked for on demand, wrote invitation letters …
    const zeebe = createZeebeClient(`grpc://127.0.0.1:${settings.env.ZEEBE_GRPC_PORT}`);
    try {
      await zeebe.createProcessInstance({ bpmnProcessId: 'ektp-eligibility-scan', variables: {} });
    } finally {
      await zeebe.close();
    }
    const letter = await until('an invitation letter', async () => {
      const { rows } = await database.query(
        `select nik, check_in_code from app.invitations order by id limit 1`,
      );
      return rows[0];
    });

    // … when the resident types the NIK and the code of their letter on a phone …
    const { page, context, problems } = await newPage(phone);
    await page.goto('/status');
    await shot(page, 'status-empty');
    await page.getByLabel('NIK').fill(letter.nik);
    await page.getByLabel('Nomor tanda terima').fill(letter.check_in_code);
    await page.getByRole('button', { name: 'Cek status' }).click();

    // … then they read a status and the next step, and nothing else.
    const result = page.getByRole('region', { name: 'Status KTP-el Anda' });
    await result.waitFor();
    assert.equal(await result.locator('.status-value').textContent(), 'Belum merekam');
    assert.match(await result.locator('.next-step').textContent(), /Kantor Camat/);
    assert.equal(await result.locator('dd').count(), 2);
    await assertFitsWidth(page);
    await shot(page, 'status-found');

    // A wrong pair is answered kindly, the same way as an unknown NIK.
    await page.getByLabel('Nomor tanda terima').fill('ZZZZZZ');
    await page.getByRole('button', { name: 'Cek status' }).click();
    await page.getByRole('alert').filter({ hasText: 'tidak cocok' }).waitFor();
    // A NIK that is not 16 digits is caught before it costs a request.
    await page.getByLabel('NIK').fill('12345');
    await page.getByRole('button', { name: 'Cek status' }).click();
    assert.equal(await page.getByLabel('NIK').getAttribute('aria-invalid'), 'true');
    assert.equal(
      await page.locator('.field-error:visible').first().textContent(),
      'NIK harus 16 digit angka.',
    );
    await shot(page, 'status-errors');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('switches to English and back, keeps the choice and sets the page language', async () => {
    const { page, context } = await newPage(phone);
    await page.goto('/status');
    assert.equal(await page.locator('html').getAttribute('lang'), 'id');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your e-KTP status' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Check your e-KTP status' }).waitFor();
    await shot(page, 'status-english');
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cek status KTP-el' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'id');
    await context.close();
  });
});

describe('the tasklist', () => {
  it('lets the counter start a walk-in, claim and complete its task, and the process moves on', async () => {
    const { rows } = await database.query(
      `select r.nik, r.full_name from app.residents r
        where r.enrollment_status = 'UNREGISTERED' and r.citizenship = 'WNI' and not r.deceased
          and not r.moved_out and r.birth_date < now() - interval '18 years'
          and not exists (select 1 from app.lifecycles l where l.nik = r.nik)
        order by r.nik limit 1`,
    );
    const resident = rows[0];
    assert.ok(resident, 'the demo has an unrecorded adult');
    const { login, password } = logins.get('petugas-loket');

    // Given the counter officer signs in with the keyboard only …
    const { page, context, problems } = await newPage();
    await page.goto('/tugas');
    await page.waitForURL(/\/masuk\?next=%2Ftugas$/);
    await shot(page, 'sign-in');
    await page.getByLabel('Nama pengguna').focus();
    await page.keyboard.type(login);
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('name')),
      'password',
    );
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Daftar tugas' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/tugas');

    // … finds the resident who walked in and starts their e-KTP service …
    await page.getByRole('link', { name: 'Warga', exact: true }).click();
    await page.getByLabel('Cari warga').fill(resident.nik);
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.getByRole('link', { name: resident.full_name }).waitFor();
    await shot(page, 'residents');
    await page.getByRole('link', { name: resident.full_name }).click();
    await page.getByRole('heading', { level: 1, name: resident.full_name }).waitFor();
    await page.getByRole('button', { name: /Mulai layanan KTP-el/ }).click();
    await page.getByText(`Layanan KTP-el untuk ${resident.full_name} dimulai.`).waitFor();
    await shot(page, 'resident');

    // … then the requirements check waits in the inbox, with its due-date badge.
    await page.getByRole('link', { name: 'Tugas', exact: true }).click();
    const row = page.locator('tbody tr', { hasText: resident.full_name });
    await until('the requirements check in the inbox', async () => {
      if ((await row.count()) > 0) return true;
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Daftar tugas' }).waitFor();
      return false;
    });
    assert.match(await row.textContent(), /Periksa persyaratan/);
    assert.match(await row.locator('.badge').textContent(), /Segera jatuh tempo|Terlambat/);
    await assertFitsWidth(page);
    await shot(page, 'tasks');

    // When they open it, the form and the resident's timeline stand side by side …
    await row.getByRole('link', { name: 'Periksa persyaratan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Periksa persyaratan' }).waitFor();
    const timeline = page.getByRole('region', { name: 'Riwayat layanan warga' });
    await timeline.getByText('Layanan dimulai').waitFor();
    await page.getByText('Hasil pemeriksaan').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Selesaikan tugas' }).isDisabled(), true);
    await assertFitsWidth(page);
    await shot(page, 'task-unclaimed');

    // … they claim it from the keyboard, with a visible focus ring …
    const claim = page.locator('.task-form').getByRole('button', { name: 'Ambil', exact: true });
    await tabTo(page, claim);
    const outline = await claim.evaluate((el) => getComputedStyle(el).outlineStyle);
    assert.notEqual(outline, 'none');
    await page.keyboard.press('Enter');
    await page.getByText('Tugas ini milik Anda.').waitFor();

    // … a form sent without its required choice is stopped by form-js …
    await page.getByRole('button', { name: 'Selesaikan tugas' }).click();
    await page.getByRole('alert').filter({ hasText: 'Formulir belum lengkap' }).waitFor();
    assert.ok((await page.locator('.fjs-has-errors').count()) > 0);
    await shot(page, 'task-invalid');

    // … and what the API refuses is shown next to the form, field by field.
    await page.getByLabel('Lengkap dan memenuhi syarat').check();
    await page.route('**/api/tasks/*/complete', async (route) => {
      const body = JSON.parse(route.request().postData());
      body.variables.notAField = 'x';
      await route.continue({ postData: JSON.stringify(body) });
    });
    await page.getByRole('button', { name: 'Selesaikan tugas' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'notAField' });
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /is not a field of this form/);
    await shot(page, 'task-refused');
    await page.unroute('**/api/tasks/*/complete');

    // Completing it sends them back to the inbox, where the task is gone …
    await page.getByRole('button', { name: 'Selesaikan tugas' }).click();
    await page.getByText('Tugas "Periksa persyaratan" selesai; proses berlanjut.').waitFor();
    assert.equal(new URL(page.url()).pathname, '/tugas');
    assert.equal(await page.locator('tbody tr', { hasText: resident.full_name }).count(), 0);
    await shot(page, 'tasks-after-complete');
    assert.deepEqual(problems, []);
    await context.close();

    // … and the process has moved on: the recording operator now has the next step.
    const operator = await newPage();
    await signIn(operator.page, 'operator-perekaman');
    await operator.page.goto('/tugas');
    const next = operator.page.locator('tbody tr', { hasText: resident.full_name });
    await until('the next step in the operator’s inbox', async () => {
      if ((await next.count()) > 0) return true;
      await operator.page.reload();
      await operator.page.getByRole('heading', { level: 1, name: 'Daftar tugas' }).waitFor();
      return false;
    });
    assert.match(await next.textContent(), /Rekam biometrik/);
    await shot(operator.page, 'tasks-operator');
    await next.getByRole('link').first().click();
    await operator.page
      .getByRole('region', { name: 'Riwayat layanan warga' })
      .getByText('Periksa persyaratan selesai')
      .waitFor();
    await shot(operator.page, 'task-operator');
    await operator.context.close();
  });

  it('filters the inbox and can be read in English', async () => {
    const { page, context } = await newPage();
    await signIn(page, 'camat');
    await page.goto('/tugas?overdue=true');
    assert.equal(await page.getByLabel('Hanya yang terlambat').isChecked(), true);
    await page.getByLabel('Hanya yang terlambat').uncheck();
    await page.waitForURL((url) => !url.search.includes('overdue'));
    await page.getByLabel('Proses').selectOption('ektp-recording');
    await page.waitForURL(/process=ektp-recording/);
    assert.match(await page.getByRole('status').last().textContent(), /tugas terbuka/);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    await shot(page, 'tasks-english');
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page.getByRole('heading', { level: 1, name: 'Daftar tugas' }).waitFor();
    await context.close();
  });
});

describe('navigation by role', () => {
  it('sends someone not signed in to the sign-in page', async () => {
    const { page, context } = await newPage();
    await page.goto('/warga');
    await page.waitForURL(/\/masuk\?next=%2Fwarga$/);
    assert.deepEqual(await navigationOf(page), []);
    await context.close();
  });

  it('shows each role exactly the pages its API roles allow, and refuses the others', async () => {
    const contract = await (await fetch(`${baseUrl}/api/openapi.json`)).json();
    const rolesOf = (path, method = 'get') => contract.paths[path][method]['x-roles'];
    const pages = [
      { label: 'Tugas', roles: rolesOf('/tasks'), path: '/tugas' },
      { label: 'Warga', roles: rolesOf('/residents'), path: '/warga' },
      { label: 'Pengawasan SLA', roles: rolesOf('/supervision/escalations'), path: '/pengawasan' },
      { label: 'Administrasi', roles: rolesOf('/admin/staff'), path: '/admin' },
    ];
    // Written out for a few roles, so the test does not only repeat the contract.
    const spelledOut = {
      'petugas-loket': ['Tugas', 'Warga'],
      camat: ['Tugas', 'Warga', 'Pengawasan SLA'],
      auditor: ['Tugas', 'Pengawasan SLA'],
      kadis: ['Tugas', 'Pengawasan SLA'],
      'perancang-proses': ['Tugas'],
    };
    const checkRole = async (role) => {
      const { page, context, problems } = await newPage();
      await signIn(page, role);
      const expected = pages.filter((p) => p.roles.includes(role)).map((p) => p.label);
      // Pages this list does not know (tested in their own files) are left out of the comparison.
      const known = (await navigationOf(page)).filter((label) =>
        pages.some((p) => p.label === label),
      );
      assert.deepEqual(known, expected, `navigation of ${role}`);
      if (spelledOut[role]) assert.deepEqual(expected, spelledOut[role], `contract for ${role}`);
      await shot(page, `role-${role}`);
      for (const hidden of pages.filter((p) => !p.roles.includes(role))) {
        await page.goto(hidden.path);
        await page.getByRole('heading', { level: 1, name: 'Bukan untuk peran Anda' }).waitFor();
        await shot(page, `role-${role}-refused`);
      }
      assert.deepEqual(problems, [], `browser errors for ${role}`);
      await context.close();
    };
    // Three roles at a time: each sign-in spends most of its time in the API's scrypt check.
    const roles = [...logins.keys()];
    assert.equal(roles.length, 15, 'one demo login per role');
    for (let i = 0; i < roles.length; i += 3)
      await Promise.all(roles.slice(i, i + 3).map(checkRole));
  });

  it('signs out', async () => {
    const { page, context } = await newPage();
    await signIn(page, 'kasi');
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByText('Anda sudah keluar.').waitFor();
    await page.goto('/tidak-ada');
    await page.getByRole('heading', { level: 1, name: 'Halaman tidak ditemukan' }).waitFor();
    await shot(page, 'not-found');
    await page.goto('/tugas');
    await page.waitForURL(/\/masuk/);
    await context.close();
  });
});
