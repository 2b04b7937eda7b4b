import { ControlledClock } from '../../../platform/src/clock.js';
import { startTestEngine, type TestEngine } from '../../../tests/helpers/engine-harness.js';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/test-database.js';
import { cancelVanishedTasks } from './cancel-vanished-tasks.js';

const userTaskProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="vanish" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="t"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" /><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;

describe('user tasks - cancelVanishedTasks', () => {
  let db: TestDatabase;
  let engine: TestEngine;
  const clock = new ControlledClock();

  beforeAll(async () => {
    db = await createTestDatabase();
    engine = await startTestEngine();
    await engine.client.deployResource({
      process: Buffer.from(userTaskProcess),
      name: 'vanish.bpmn',
    });
  });

  afterAll(async () => {
    await engine.stop();
    await db.drop();
  });

  async function openTaskFor(jobKey: string, seenAt: string): Promise<void> {
    await db.pool.query(
      `insert into app.tasks (job_key, process_instance_key, bpmn_process_id, process_definition_version, element_id,
          element_instance_key, created_at, last_seen_at)
       values ($1, 1, 'vanish', 1, 't', $1, $2, $2)`,
      [jobKey, seenAt],
    );
  }

  it('should cancel a long-unseen task whose job is gone and keep one whose job still exists', async () => {
    // given: two instances waiting at the user task, one of them cancelled since; both tasks were
    // last seen long ago (as after a jump of the clock)
    const alive = await engine.client.createProcessInstance({
      bpmnProcessId: 'vanish',
      variables: {},
    });
    const doomed = await engine.client.createProcessInstance({
      bpmnProcessId: 'vanish',
      variables: {},
    });
    const jobs = await engine.client.activateJobs({
      type: 'io.camunda.zeebe:userTask',
      worker: 'test',
      maxJobsToActivate: 2,
      timeout: 60_000,
      requestTimeout: 1_000,
    });
    const keyOf = (instance: { processInstanceKey: string }) =>
      jobs.find((job) => job.processInstanceKey === instance.processInstanceKey)!.key;
    await openTaskFor(keyOf(alive), '2026-12-01T08:00:00+07:00');
    await openTaskFor(keyOf(doomed), '2026-12-01T08:00:00+07:00');
    await openTaskFor('2251799813699999', '2026-12-01T08:40:00+07:00');
    await engine.client.cancelProcessInstance(doomed.processInstanceKey);
    clock.pin(Date.parse('2026-12-01T09:00:00+07:00'));

    // when the cut-off is 08:30
    const cancelled = await cancelVanishedTasks(
      { pool: db.pool, client: engine.client, clock },
      new Date('2026-12-01T08:30:00+07:00'),
      300_000,
    );

    // then: only the cancelled instance's task goes; the live one is marked seen; the recent one is not asked about
    expect(cancelled).toBe(1);
    const { rows } = await db.pool.query<{ job_key: string; state: string; last_seen_at: Date }>(
      `select job_key::text, state, last_seen_at from app.tasks order by id`,
    );
    expect(rows.map((r) => [r.job_key, r.state])).toEqual([
      [keyOf(alive), 'CREATED'],
      [keyOf(doomed), 'CANCELED'],
      ['2251799813699999', 'CREATED'],
    ]);
    expect(rows[0]!.last_seen_at.toISOString()).toBe('2026-12-01T02:00:00.000Z');
  });
});
