// Browser tests of the process designer (/perancang) and the instance monitor (/pemantauan), on
// the real product (see support.mjs). Screenshots of every page go to test-artifacts/ui/.
//
// Run with `npm run test:ui` (it builds first), or this file alone after a build:
// `node --test tests/ui/designer-monitor.test.mjs`.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
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

/** A one-task process whose job type no worker serves: its instances wait at "Kerja". */
const bpmn = (processId, jobType) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.5.0">
  <bpmn:process id="${processId}" name="Uji ${processId}" isExecutable="true">
    <bpmn:startEvent id="mulai" name="Mulai"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="kerja" name="Kerja">
      <bpmn:extensionElements><zeebe:taskDefinition type="${jobType}" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="selesai" name="Selesai"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="mulai" targetRef="kerja" />
    <bpmn:sequenceFlow id="f2" sourceRef="kerja" targetRef="selesai" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="mulai_di" bpmnElement="mulai"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="kerja_di" bpmnElement="kerja"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="selesai_di" bpmnElement="selesai"><dc:Bounds x="392" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="120" /><di:waypoint x="392" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

let harness;
let zeebe;

async function deploy(processId, jobType) {
  const answer = await zeebe.deployResource({
    name: `${processId}.bpmn`,
    process: Buffer.from(bpmn(processId, jobType)),
  });
  return answer.deployments[0].process.processDefinitionKey;
}

/** Waits until the page's diagram (designer or monitor) is drawn. */
async function diagramReady(page) {
  await page.locator('[data-ready="true"]').waitFor({ timeout: 20_000 });
}

before(async () => {
  harness = await startHarness();
  zeebe = createZeebeClient(`grpc://127.0.0.1:${harness.settings.env.ZEEBE_GRPC_PORT}`);
});

after(async () => {
  await zeebe?.close();
  await stopHarness(harness);
});

describe('the process designer', () => {
  it('blocks an invalid change with its problem on the diagram, and deploys a valid change as a new version', async () => {
    // Given a small deployed process, opened by the process designer …
    const key = await deploy('ui-designer', 'ui-designer-job');
    const { page, context, problems } = await newPage(harness);
    await signIn(harness, page, 'perancang-proses');
    const navigation = await navigationOf(page);
    assert.ok(navigation.includes('Perancang proses'), navigation.join(', '));
    assert.ok(navigation.includes('Pemantauan proses'), navigation.join(', '));
    await page.goto(`/perancang?definisi=${key}`);
    await page.getByRole('heading', { level: 1, name: 'Perancang proses' }).waitFor();
    await diagramReady(page);
    await page.getByText('Uji ui-designer, versi 1 (ui-designer.bpmn)').waitFor();
    await until('the first lint run', async () =>
      /Masalah \(\d+\)/.test(await page.locator('#problems-heading').textContent()),
    );
    assert.equal(await page.locator('#problems-heading').getAttribute('data-errors'), '0');
    await assertFitsWidth(page);
    await shot(page, 'designer');

    // … when they clear the service task's job type in the properties panel …
    // (An element is chosen from a list, as with the keyboard; a click on the canvas does the same.)
    await page.getByLabel('Elemen', { exact: true }).selectOption('kerja');
    await page
      .locator('.bio-properties-panel-group-header', { hasText: 'Task definition' })
      .click();
    const jobType = page.locator('#bio-properties-panel-taskDefinitionType');
    await jobType.fill('');
    // … then the lint marks the task on the diagram and lists the problem …
    await until('the lint error', async () =>
      Number(await page.locator('#problems-heading').getAttribute('data-errors')),
    );
    await page.locator('.djs-overlays[data-container-id="kerja"] .bjsl-overlay').waitFor();
    await page.locator('.djs-element.lint-error[data-element-id="kerja"]').waitFor();
    const problem = page.locator('.lint-list .lint-error').first();
    assert.match(await problem.textContent(), /Kerja — galat/);
    // … and Deploy is refused before anything is sent.
    await page.getByRole('button', { name: 'Terapkan', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'harus diperbaiki' }).waitFor();
    await shot(page, 'designer-lint-blocked');
    const versionsBefore = await page.evaluate(() =>
      fetch('/api/processes/definitions').then((r) => r.json()),
    );
    assert.equal(
      versionsBefore.processes.find((p) => p.bpmnProcessId === 'ui-designer').versions.length,
      1,
    );

    // A problem in the list is a button that selects its element.
    await problem.getByRole('button', { name: 'Kerja' }).click();

    // When they restore the job type and rename the task, it deploys as version 2.
    await jobType.fill('ui-designer-job');
    const name = page.locator('#bio-properties-panel-name');
    if (!(await name.isVisible()))
      await page.locator('.bio-properties-panel-group-header', { hasText: 'General' }).click();
    await name.fill('Kerja diperiksa');
    await until('a clean lint', async () => {
      const errors = await page.locator('#problems-heading').getAttribute('data-errors');
      return errors === '0';
    });
    assert.equal(await page.locator('.djs-element.lint-error').count(), 0);
    const deployButton = page.getByRole('button', { name: 'Terapkan', exact: true });
    await deployButton.focus();
    await page.keyboard.press('Enter');
    await page.getByText('ui-designer diterapkan sebagai versi 2.').waitFor();
    await diagramReady(page);
    await page.getByText('Uji ui-designer, versi 2 (ui-designer.bpmn)').waitFor();
    const history = page.getByRole('region', { name: 'Riwayat versi' });
    assert.match(await history.textContent(), /Versi 2 \(terbaru\)/);
    assert.equal(
      await page.locator('.djs-element[data-element-id="kerja"] text').first().textContent(),
      'Kerja diperiksa',
    );
    await shot(page, 'designer-deployed');

    // The older version opens in the designer, marked as older, its XML readable in place.
    await history.getByRole('link', { name: 'Buka versi 1 di perancang' }).click();
    await page.getByText('Uji ui-designer, versi 1 (ui-designer.bpmn)').waitFor();
    await page.getByText('Ini versi lama.').waitFor();
    await diagramReady(page);
    await page.getByText('Lihat XML versi 2').click();
    await until('the XML of version 2', async () =>
      /Kerja diperiksa/.test(
        await page
          .locator('details', { hasText: 'Lihat XML versi 2' })
          .locator('.xml-view')
          .textContent(),
      ),
    );
    await shot(page, 'designer-older-version');

    // A blank form opens in the form editor.
    await page.getByRole('button', { name: 'Formulir kosong' }).click();
    await page.locator('.form-editor-host .fjs-editor-container').waitFor();
    await page.getByText('Formulir formulir-baru.form dibuka').waitFor();
    await shot(page, 'designer-form');
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('the instance monitor', () => {
  it('shows counts on the diagram, an instance with its path and variables, and retries its incident', async () => {
    // Given two waiting instances, one of whose job failed without retries (an incident) …
    const jobType = 'ui-monitor-job';
    const key = await deploy('ui-monitor', jobType);
    const waiting = await zeebe.createProcessInstance({
      bpmnProcessId: 'ui-monitor',
      variables: { nik: '1571085501080001', catatan: 'menunggu' },
    });
    await until('a job to fail', async () => {
      const jobs = await zeebe.activateJobs({
        type: jobType,
        worker: 'ui-test',
        maxJobsToActivate: 1,
        timeout: 600_000,
        requestTimeout: -1,
      });
      for (const job of jobs)
        await zeebe.failJob({ jobKey: job.key, retries: 0, errorMessage: 'uji', retryBackOff: 0 });
      return jobs.length > 0;
    });
    const failed = waiting.processInstanceKey;
    // … and one that passed the task after a while (time spent, for the heat map).
    await zeebe.createProcessInstance({ bpmnProcessId: 'ui-monitor', variables: { nik: '1' } });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await until('a job to complete', async () => {
      const jobs = await zeebe.activateJobs({
        type: jobType,
        worker: 'ui-test',
        maxJobsToActivate: 1,
        timeout: 600_000,
        requestTimeout: -1,
      });
      for (const job of jobs) await zeebe.completeJob({ jobKey: job.key, variables: {} });
      return jobs.length > 0;
    });
    await until('the incident', async () => {
      const { rows } = await harness.database.query(
        `select 1 from engine.incidents where process_instance_key = $1 and state = 'ACTIVE'`,
        [failed],
      );
      return rows.length > 0;
    });

    // … when the kasi opens the monitor on that version …
    const { page, context, problems } = await newPage(harness);
    await signIn(harness, page, 'kasi');
    const navigation = await navigationOf(page);
    assert.ok(navigation.includes('Pemantauan proses'), navigation.join(', '));
    assert.ok(!navigation.includes('Perancang proses'), navigation.join(', '));
    await until('the counts on the diagram', async () => {
      await page.goto(`/pemantauan?definisi=${key}`);
      await diagramReady(page);
      const figures = await page.locator('.element-figures tr[data-element-id="kerja"]').count();
      return (
        figures > 0 &&
        /detik/.test(
          await page.locator('.element-figures tr[data-element-id="kerja"]').textContent(),
        )
      );
    });
    // … then the task shows its incident and the time spent there, also as a table.
    assert.equal(
      await page.locator('.djs-overlays[data-container-id="kerja"] .badge-incident').textContent(),
      '1',
    );
    // (Active counts the instances without an incident, as Operate does: none waits there now.)
    assert.equal(
      await page.locator('.djs-overlays[data-container-id="kerja"] .badge-active').count(),
      0,
    );
    const row = page.locator('.element-figures tr[data-element-id="kerja"]');
    // active 0, incidents 1, completed 1, cancelled 0, average time
    assert.match(await row.textContent(), /^Kerja0110\d+ detik$/);
    // The heat map: the task where the time went is drawn in the hottest colour.
    assert.equal(
      await page
        .locator('.djs-element[data-element-id="kerja"] .djs-visual > :first-child')
        .evaluate((el) => el.style.fill),
      'rgb(240, 96, 77)',
    );
    assert.match(await page.locator('.heat-legend').textContent(), /0 – \d+ detik/);
    await assertFitsWidth(page);
    await shot(page, 'monitor');

    // The instances with an incident, then the one instance.
    await page.getByLabel('Hanya yang ada insiden').check();
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    await page.getByRole('heading', { name: 'Instans (1)' }).waitFor();
    await page.getByRole('link', { name: failed }).click();
    await page.getByRole('heading', { level: 1, name: `Instans ${failed}` }).waitFor();
    await diagramReady(page);
    const path = page.getByRole('region', { name: 'Jalur', exact: true });
    assert.match(await path.textContent(), /Mulai/);
    assert.match(await path.textContent(), /Kerja/);
    const variables = page.getByRole('region', { name: 'Variabel' });
    assert.match(await variables.textContent(), /nik"?1571085501080001/);
    assert.match(await variables.textContent(), /catatan"menunggu"/);
    assert.equal(
      await page.locator('.djs-element[data-element-id="kerja"].path-incident').count(),
      1,
    );
    await assertFitsWidth(page);
    await shot(page, 'monitor-instance');

    // Retry gives the job its retries back and resolves the incident.
    await page.getByRole('button', { name: 'Coba lagi' }).click();
    await page.getByText('Insiden di kerja dicoba lagi.').waitFor();
    await diagramReady(page);
    assert.equal(await page.getByRole('button', { name: 'Coba lagi' }).count(), 0);
    await shot(page, 'monitor-instance-retried');
    const { rows } = await harness.database.query(
      `select state from engine.incidents where process_instance_key = $1`,
      [failed],
    );
    assert.ok(
      rows.every((r) => r.state !== 'ACTIVE'),
      JSON.stringify(rows),
    );
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('the navigation to the designer and the monitor', () => {
  it('shows each role the pages its API roles allow, and refuses the others', async () => {
    const contract = await (await fetch(`${harness.baseUrl}/api/openapi.json`)).json();
    const rolesOf = (path, method = 'get') => contract.paths[path][method]['x-roles'];
    const pages = [
      {
        label: 'Perancang proses',
        roles: rolesOf('/processes/deployments', 'post'),
        path: '/perancang',
      },
      {
        label: 'Pemantauan proses',
        roles: rolesOf('/processes/definitions/{key}/statistics'),
        path: '/pemantauan',
      },
    ];
    // Written out, so the test does not only repeat the contract.
    assert.deepEqual(pages[0].roles, ['perancang-proses', 'admin']);
    assert.deepEqual(pages[1].roles, [
      'perancang-proses',
      'admin',
      'kasi',
      'sekcam',
      'camat',
      'auditor',
    ]);
    const checkRole = async (role) => {
      const { page, context, problems } = await newPage(harness);
      await signIn(harness, page, role);
      const navigation = await navigationOf(page);
      for (const p of pages)
        assert.equal(navigation.includes(p.label), p.roles.includes(role), `${p.label}: ${role}`);
      for (const hidden of pages.filter((p) => !p.roles.includes(role))) {
        await page.goto(hidden.path);
        await page.getByRole('heading', { level: 1, name: 'Bukan untuk peran Anda' }).waitFor();
      }
      assert.deepEqual(problems, [], `browser errors for ${role}`);
      await context.close();
    };
    const roles = [...harness.logins.keys()];
    // Three roles at a time: each sign-in spends most of its time in the API's scrypt check.
    for (let i = 0; i < roles.length; i += 3)
      await Promise.all(roles.slice(i, i + 3).map(checkRole));
  });
});
