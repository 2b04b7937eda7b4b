// Browser tests of the SLA dashboard (/pengawasan) and the administration pages (/admin), against
// the real product with the engine's clock under the test's control (ENGINE_CLOCK_CONTROL=true:
// POST /v2/clock/add on the product's HTTP port moves time and fires the timers that fell due).
//
// Run with `npm run test:ui` (it builds first), or this file alone:
//   npm run build --silent && node --test tests/ui/dashboard-admin.test.mjs
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  assertFitsWidth,
  navigationOf,
  newPage,
  root,
  shot,
  signIn,
  startHarness,
  stopHarness,
  until,
} from './support.mjs';

const { createZeebeClient } = await import(path.join(root, 'dist/platform/src/zeebe-client.js'));

let harness;

before(async () => {
  harness = await startHarness({ ENGINE_CLOCK_CONTROL: 'true' });
});

after(async () => {
  await stopHarness(harness);
});

async function advanceClock(duration) {
  const response = await fetch(`${harness.baseUrl}/v2/clock/add`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ duration }),
  });
  assert.equal(response.status, 200, await response.text());
}

describe('the SLA dashboard', () => {
  it('shows a breach at its level once the clock passes the due date, and its officer acknowledges it', async () => {
    const { database } = harness;
    // Given the month's invitation letters wait for the Camat's signature …
    const zeebe = createZeebeClient(`grpc://127.0.0.1:${harness.settings.env.ZEEBE_GRPC_PORT}`);
    try {
      await zeebe.createProcessInstance({ bpmnProcessId: 'ektp-eligibility-scan', variables: {} });
    } finally {
      await zeebe.close();
    }
    await until('the signing task', async () => {
      const { rows } = await database.query(
        `select 1 from app.tasks where element_id = 'sign' and state = 'CREATED'`,
      );
      return rows.length > 0;
    });

    // … when ten days pass without it, the signature is late and escalated …
    await advanceClock('P10D');
    const breach = await until(
      'the escalation of the late signature',
      async () => {
        const { rows } = await database.query(
          `select b.level, b.candidate_group::text as role
             from app.breaches b
             join app.tasks t on t.process_instance_key = b.escalation_process_instance_key
            where b.policy_code = 'INVITATION_SIGN' and t.element_id = 'handle' and t.state = 'CREATED'
              and (t.variables->>'level')::int = b.level
            order by b.level desc limit 1`,
        );
        return rows[0];
      },
      60_000,
    );

    // … then the officer of that level sees it on the dashboard, at its level …
    const officer = await newPage(harness);
    const { page } = officer;
    await signIn(harness, page, breach.role);
    await page.getByRole('link', { name: 'Pengawasan SLA' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pengawasan SLA' }).waitFor();
    const overdue = page.getByRole('region', { name: 'Yang terlambat sekarang' });
    const row = overdue.locator('tbody tr', { hasText: 'INVITATION_SIGN' }).first();
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(`Level ${breach.level}`));
    await assertFitsWidth(page);
    await shot(page, 'dashboard-breach-open');

    // (A second screen of the same officer, left open from before the acknowledgement.)
    const stale = await newPage(harness);
    await signIn(harness, stale.page, breach.role);
    await stale.page.goto('/pengawasan');
    const staleRow = stale.page.locator('tbody tr', { hasText: 'INVITATION_SIGN' }).first();
    await staleRow.waitFor();

    // … acknowledges it through the dialog, with a note, from the keyboard …
    await row.getByRole('button', { name: /^Tanggapi/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Tanggapi eskalasi' });
    await dialog.waitFor();
    await dialog.getByLabel('Catatan').fill('Surat ditandatangani hari ini.');
    await shot(page, 'dashboard-acknowledge-dialog');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });

    // … and the breach shows ACKNOWLEDGED.
    await page.getByLabel('Status eskalasi').selectOption('ACKNOWLEDGED');
    await page.waitForURL(/status=ACKNOWLEDGED/);
    await until(
      'the acknowledged breach',
      async () => {
        const acknowledged = overdue.locator('tbody tr', { hasText: 'INVITATION_SIGN' });
        if ((await acknowledged.count()) > 0) {
          const text = await acknowledged.first().textContent();
          return /Ditanggapi/.test(text) && /Surat ditandatangani hari ini/.test(text);
        }
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Pengawasan SLA' }).waitFor();
        return false;
      },
      30_000,
    );
    const { rows } = await database.query(
      `select distinct status from app.breaches where policy_code = 'INVITATION_SIGN' and level = $1`,
      [breach.level],
    );
    assert.ok(rows.some((r) => r.status === 'ACKNOWLEDGED'));
    await shot(page, 'dashboard-breach-acknowledged');

    // The stale screen still offers a reminder; the API's refusal (409) is said in words.
    await staleRow.getByRole('button', { name: /^Ingatkan/ }).click();
    const remind = stale.page.getByRole('dialog', { name: 'Ingatkan petugas yang memegang tugas' });
    await remind.getByRole('button', { name: 'Ingatkan', exact: true }).click();
    await remind
      .getByRole('alert')
      .filter({ hasText: 'Tidak ada yang perlu ditindaklanjuti' })
      .waitFor();
    await shot(stale.page, 'dashboard-action-refused');
    await remind.getByRole('button', { name: 'Batal' }).click();
    await remind.waitFor({ state: 'detached' });
    assert.deepEqual(stale.problems, []);
    await stale.context.close();
    assert.deepEqual(officer.problems, []);
    await officer.context.close();
  });

  it('shows the Camat charts with their tables and CSV downloads, in one column of width', async () => {
    const { page, context, problems } = await newPage(harness);
    await signIn(harness, page, 'camat');
    await page.goto('/pengawasan');
    await page.getByRole('heading', { level: 1, name: 'Pengawasan SLA' }).waitFor();
    const panels = page.locator('section.chart-panel');
    assert.ok((await panels.count()) >= 8, 'a panel per figure');
    for (const name of [
      'Pelanggaran per langkah',
      'Tingkat pelanggaran per kelurahan',
      'Pelanggaran per petugas',
      'Tren per minggu',
      'Waktu sampai KTP-el tercetak',
      'Sebaran waktu sampai KTP-el tercetak',
      'Waktu tunggu antrean (rata-rata)',
      'Surat undangan tersampaikan',
      'Stok blanko dan hari ketersediaan',
      'Ketidakhadiran tanpa keterangan',
    ]) {
      const panel = page.getByRole('region', { name, exact: true });
      await panel.waitFor();
      assert.equal(await panel.locator('svg.chart').count(), 1, `${name}: a chart`);
      assert.ok(
        (await panel.locator('table').count()) + (await panel.locator('.empty').count()) === 1,
        `${name}: its table`,
      );
    }
    // The time-to-card chart draws the promise of 18 working days.
    const promise = page.getByRole('region', {
      name: 'Waktu sampai KTP-el tercetak',
      exact: true,
    });
    assert.match(await promise.locator('svg').textContent(), /janji 18 hari kerja/);
    // Every CSV link answers text/csv (the session cookie goes along).
    const links = await page.locator('a[download]').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(links.length >= 8);
    for (const href of new Set(links)) {
      const answer = await page.request.get(href);
      assert.equal(answer.status(), 200, href);
      assert.match(answer.headers()['content-type'], /^text\/csv/, href);
    }
    // The period filter is kept in the address.
    await page.getByLabel('Dari tanggal').fill('2026-01-01');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForURL(/from=2026-01-01/);
    await page.getByText('Periode 2026-01-01').waitFor();
    await assertFitsWidth(page);
    await shot(page, 'dashboard-camat');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'SLA supervision' }).waitFor();
    await shot(page, 'dashboard-english');
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('administration', () => {
  it('lets the administrator change a service level and add a holiday, with the API’s field errors', async () => {
    const { page, context, problems } = await newPage(harness);
    await signIn(harness, page, 'admin');
    await page.getByRole('link', { name: 'Administrasi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Petugas dan peran' }).waitFor();
    assert.ok((await page.locator('table.staff tbody tr').count()) >= 15);
    await assertFitsWidth(page);
    await shot(page, 'admin-staff');

    // A staff member's edit dialog.
    await page
      .locator('table.staff tbody tr')
      .first()
      .getByRole('button', { name: /^Ubah/ })
      .click();
    await page.getByRole('dialog').waitFor();
    await shot(page, 'admin-staff-edit');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // The service level of the Camat's signature: an impossible level is refused field by field …
    await page.getByRole('link', { name: 'Standar layanan (SLA)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Standar layanan (SLA)' }).waitFor();
    await page.getByRole('link', { name: 'Ubah INVITATION_SIGN' }).click();
    const form = page.getByRole('form', { name: 'Ubah standar INVITATION_SIGN' });
    await form.waitFor();
    await form.locator('[name="levels.0.afterAmount"]').fill('0');
    await form.getByRole('button', { name: 'Simpan' }).click();
    const fieldError = form.locator('[name="levels.0.afterAmount"] + .field-error');
    await fieldError.waitFor();
    assert.equal(
      await form.locator('[name="levels.0.afterAmount"]').getAttribute('aria-invalid'),
      'true',
    );
    await shot(page, 'admin-sla-invalid');
    // … and a good one is saved.
    await form.locator('[name="levels.0.afterAmount"]').fill('2');
    await form.locator('[name="dueAmount"]').fill('3');
    await form.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Standar INVITATION_SIGN disimpan.').waitFor();
    assert.match(
      await page.locator('tr[data-policy="INVITATION_SIGN"]').textContent(),
      /3 hari kerja/,
    );
    await assertFitsWidth(page);
    await shot(page, 'admin-sla');

    // A holiday.
    await page.getByRole('link', { name: 'Kalender kerja' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kalender kerja' }).waitFor();
    const add = page.getByRole('form', { name: 'Tambah hari libur' });
    await add.getByLabel('Tanggal').fill('2027-08-18');
    await add.getByLabel('Nama').fill('Cuti bersama HUT RI');
    await add.getByLabel('Jenis').selectOption('CUTI_BERSAMA');
    await add.getByRole('button', { name: 'Tambah' }).click();
    await page.getByText('Hari libur Cuti bersama HUT RI (2027-08-18) ditambahkan.').waitFor();
    await page.locator('tr[data-day="2027-08-18"]').waitFor();
    const { rows } = await harness.database.query(
      `select name from app.holidays where day = '2027-08-18'`,
    );
    assert.equal(rows[0]?.name, 'Cuti bersama HUT RI');
    await assertFitsWidth(page);
    await shot(page, 'admin-calendar');

    await page.getByRole('link', { name: 'Alat' }).click();
    await page.getByRole('heading', { level: 1, name: 'Alat' }).waitFor();
    await assertFitsWidth(page);
    await shot(page, 'admin-stations');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('is not offered to anyone else, and the dashboard follows the contract’s roles', async () => {
    const contract = await (await fetch(`${harness.baseUrl}/api/openapi.json`)).json();
    const dashboardRoles = contract.paths['/supervision/escalations'].get['x-roles'];
    const check = async (role) => {
      const { page, context, problems } = await newPage(harness);
      await signIn(harness, page, role);
      const navigation = await navigationOf(page);
      assert.equal(navigation.includes('Administrasi'), false, `${role} has no admin pages`);
      assert.equal(
        navigation.includes('Pengawasan SLA'),
        dashboardRoles.includes(role),
        `dashboard in the navigation of ${role}`,
      );
      await page.goto('/admin/sla');
      await page.getByRole('heading', { level: 1, name: 'Bukan untuk peran Anda' }).waitFor();
      await shot(page, `admin-refused-${role}`);
      assert.deepEqual(problems, []);
      await context.close();
    };
    await Promise.all(['camat', 'ketua-rt', 'auditor'].map(check));
  });
});
