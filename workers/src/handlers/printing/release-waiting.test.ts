import type pg from 'pg';

import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { releaseWaiting } from './release-waiting.js';
import { reserveBlanko } from './reserve-blanko.js';

// The wait of ektp-printing in miniature: an instance that ends when its blanko is reserved.
const waitForBlanko = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="wait-for-blanko-definitions" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="wait-for-blanko" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="reserved">
      <bpmn:messageEventDefinition id="reserved-definition" messageRef="blanko-reserved" />
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="to-reserved" sourceRef="start" targetRef="reserved" />
    <bpmn:sequenceFlow id="to-end" sourceRef="reserved" targetRef="end" />
  </bpmn:process>
  <bpmn:message id="blanko-reserved" name="ektp-blanko-reserved">
    <bpmn:extensionElements>
      <zeebe:subscription correlationKey="=nik" />
    </bpmn:extensionElements>
  </bpmn:message>
</bpmn:definitions>`;

async function jobsOf(pool: pg.Pool, niks: string[]) {
  const { rows } = await pool.query<{ nik: string; status: string }>(
    `select nik, status from app.print_jobs where nik = any($1) order by requested_at`,
    [niks],
  );
  return rows.map((r) => [niks.indexOf(r.nik), r.status]);
}

describe('ektp.stock.release-waiting', () => {
  let harness: HandlerHarness;
  let pool: pg.Pool;

  beforeAll(async () => {
    harness = await startHandlerHarness();
    pool = harness.db.pool;
    await harness.engine.client.deployResource({
      name: 'wait-for-blanko.bpmn',
      process: Buffer.from(waitForBlanko),
    });
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should reserve for the longest waiting and tell their printing instance', async () => {
    // given three residents waiting for blanko, a minute apart, each instance at its wait
    await pool.query(`update app.stock set on_hand = 0, reserved = 0 where item = 'BLANKO'`);
    const niks: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
      await harness.invoke(reserveBlanko, { variables: { nik } });
      niks.push(nik);
      harness.clock.add(60_000);
    }
    const [oldest, second, newest] = niks as [string, string, string];
    const finished = [oldest, second].map((nik) =>
      harness.engine.client.createProcessInstanceWithResult({
        bpmnProcessId: 'wait-for-blanko',
        variables: { nik },
        requestTimeout: 20_000,
      }),
    );
    const stillWaiting = await harness.engine.client.createProcessInstance({
      bpmnProcessId: 'wait-for-blanko',
      variables: { nik: newest },
    });

    // when two blanko arrive and the job is delivered twice
    await pool.query(`update app.stock set on_hand = 2 where item = 'BLANKO'`);
    const first = await harness.invoke(releaseWaiting, { key: '9501' });
    const again = await harness.invoke(releaseWaiting, { key: '9501' });

    // then the two who waited longest have theirs, and their instances went on
    expect(first).toEqual({ kind: 'complete', variables: { blankoReleased: 2 } });
    expect(again).toEqual(first);
    expect(await jobsOf(pool, niks)).toEqual([
      [0, 'QUEUED'],
      [1, 'QUEUED'],
      [2, 'WAITING_STOCK'],
    ]);
    const results = await Promise.all(finished);
    expect(results.map((r) => r.variables.blankoReserved)).toEqual([true, true]);
    const { rows: stock } = await pool.query(
      `select on_hand, reserved, (select count(*)::int from app.stock_movements where kind = 'RESERVE') as reservations
         from app.stock where item = 'BLANKO'`,
    );
    expect(stock).toEqual([{ on_hand: 2, reserved: 2, reservations: 2 }]);
    const { rows: releases } = await pool.query(
      `select count(*)::int as unpublished from app.blanko_releases where message_published_at is null`,
    );
    expect(releases).toEqual([{ unpublished: 0 }]);

    // and the newest still waits: no message reached it, its instance is there to cancel
    await harness.engine.client.cancelProcessInstance(stillWaiting.processInstanceKey);
  });

  it('should publish a release a stopped worker left unpublished, and release nothing more', async () => {
    // given no one else waiting, and a release recorded whose message was never published (the
    // worker stopped in between)
    await pool.query(`delete from app.print_jobs where status = 'WAITING_STOCK'`);
    const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
    await pool.query(`update app.stock set on_hand = on_hand + 1 where item = 'BLANKO'`);
    const reserved = await harness.invoke(reserveBlanko, { variables: { nik } });
    const printJobId = reserved.kind === 'complete' ? reserved.variables.printJobId : 0;
    await pool.query(
      `insert into app.blanko_releases (print_job_id, released_at, job_key) values ($1, $2, 1)`,
      [printJobId, new Date(harness.clock.now())],
    );
    const finished = harness.engine.client.createProcessInstanceWithResult({
      bpmnProcessId: 'wait-for-blanko',
      variables: { nik },
      requestTimeout: 20_000,
    });

    // when the next run finds no blanko free
    const outcome = await harness.invoke(releaseWaiting, {});

    // then it released nothing, but the waiting instance heard of its blanko
    expect(outcome).toEqual({ kind: 'complete', variables: { blankoReleased: 0 } });
    await expect(finished).resolves.toMatchObject({ bpmnProcessId: 'wait-for-blanko' });
    const { rows } = await pool.query(
      `select message_published_at is not null as published from app.blanko_releases where print_job_id = $1`,
      [printJobId],
    );
    expect(rows).toEqual([{ published: true }]);
  });
});
