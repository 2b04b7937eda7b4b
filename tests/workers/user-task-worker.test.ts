/**
 * The user-task worker and the tasklist's completion, end to end on the embedded engine: a
 * job-worker user task becomes a row of app.tasks with its assignment and schedule; completing
 * the task completes the job and the process moves on; a task whose job is gone ends as CANCELED.
 */
import { ControlledClock } from '../../platform/src/clock.js';
import { createLogger } from '../../platform/src/log/logger.js';
import { createZeebeClient } from '../../platform/src/zeebe-client.js';
import { startEmbeddedEngine, type RunningEngine } from '../../engine/src/index.js';
import { bpmn, flow, serviceTask } from '../../engine/src/testing/bpmn.js';
import { startWorkers, type RunningWorkers } from '../../workers/src/start-workers.js';
import { completeUserTask } from '../../workers/src/user-tasks/complete-user-task.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const processXml = bpmn(
  'tasklist-demo',
  `<bpmn:startEvent id="s" />
   <bpmn:userTask id="periksa" name="Periksa berkas">
     <bpmn:extensionElements>
       <zeebe:assignmentDefinition candidateGroups="kasi, operator" />
       <zeebe:formDefinition formKey="camunda-forms:bpmn:periksa-berkas" />
       <zeebe:taskSchedule dueDate="= dueAt" />
     </bpmn:extensionElements>
   </bpmn:userTask>
   ${serviceTask('lanjut', 'tasklist-demo-next')}
   <bpmn:endEvent id="e" />
   ${flow('f1', 's', 'periksa')} ${flow('f2', 'periksa', 'lanjut')} ${flow('f3', 'lanjut', 'e')}`,
);

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('workers - user tasks', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let workers: RunningWorkers;
  const clock = new ControlledClock();
  const log = createLogger({ level: 'error' });
  let client: ReturnType<typeof createZeebeClient>;

  beforeAll(async () => {
    db = await createTestDatabase();
    engine = await startEmbeddedEngine({ pool: db.pool, clock, log, host: '127.0.0.1', port: 0 });
    client = createZeebeClient(engine.address);
    workers = startWorkers({ address: engine.address, pool: db.pool, clock, log });
    await client.deployResource({ process: Buffer.from(processXml), name: 'tasklist-demo.bpmn' });
  });

  afterAll(async () => {
    await workers.stop();
    await client.close();
    await engine.stop();
    await db.drop();
  });

  const taskOf = (instanceKey: string) =>
    eventually(async () => {
      const { rows } = await db.pool.query<{
        id: string;
        candidate_groups: string[];
        form_key: string;
        due_at: Date;
        variables: unknown;
        kelurahan_code: string | null;
        state: string;
      }>(
        `select id::text, candidate_groups, form_key, due_at, variables, kelurahan_code, state from app.tasks where process_instance_key = $1`,
        [instanceKey],
      );
      return rows[0];
    });

  it('should store the task, and completing it should move the process on', async () => {
    // given
    const instance = await client.createProcessInstance({
      bpmnProcessId: 'tasklist-demo',
      variables: {
        nik: '1571084506990001',
        kelurahanCode: '15.71.08.1001',
        dueAt: '2026-12-03T10:00:00+07:00',
      },
    });

    // when the worker has stored the task
    const task = await taskOf(instance.processInstanceKey);

    // then
    expect(task).toMatchObject({
      candidate_groups: ['kasi', 'operator'],
      form_key: 'camunda-forms:bpmn:periksa-berkas',
      due_at: new Date('2026-12-03T03:00:00Z'),
      kelurahan_code: '15.71.08.1001',
      state: 'CREATED',
    });

    // when a person completes it
    const outcome = await completeUserTask(
      { pool: db.pool, client, clock },
      { taskId: task.id, variables: { berkasLengkap: true }, completedBy: 'kasi.jelutung' },
    );

    // then the next job carries the form's values, and the task cannot be completed twice
    expect(outcome).toBe('COMPLETED');
    const next = await client.activateJobs({
      type: 'tasklist-demo-next',
      worker: 't',
      maxJobsToActivate: 5,
      timeout: 10_000,
      requestTimeout: 3000,
    });
    expect(next.map((j) => j.variables.berkasLengkap)).toEqual([true]);
    expect(
      await completeUserTask(
        { pool: db.pool, client, clock },
        { taskId: task.id, variables: {}, completedBy: 'lain' },
      ),
    ).toBe('ALREADY_ENDED');
    const { rows } = await db.pool.query(
      `select state, completed_by from app.tasks where id = $1`,
      [task.id],
    );
    expect(rows).toEqual([{ state: 'COMPLETED', completed_by: 'kasi.jelutung' }]);
  });

  it('should resolve the breaches of a late task when it is completed, with no escalation waiting', async () => {
    // given a late task whose escalation has already ended (its top level acted)
    const instance = await client.createProcessInstance({
      bpmnProcessId: 'tasklist-demo',
      variables: { kelurahanCode: '15.71.08.1001', dueAt: '2026-12-03T10:00:00+07:00' },
    });
    const task = await taskOf(instance.processInstanceKey);
    const { rows: keys } = await db.pool.query<{ key: string }>(
      `select element_instance_key::text as key from app.tasks where id = $1`,
      [task.id],
    );
    const stepKey = keys[0]!.key;
    await db.pool.query(
      `insert into app.breaches (policy_code, level, candidate_group, process_instance_key, element_instance_key,
                                 element_id, kelurahan_code, due_at, breached_at, status)
       values ('INVITATION_DELIVER', 1, 'lurah', $1, $2, 'periksa', '15.71.08.1001', now() - interval '2 days', now() - interval '1 day', 'ACKNOWLEDGED'),
              ('INVITATION_DELIVER', 2, 'camat', $1, $2, 'periksa', '15.71.08.1001', now() - interval '2 days', now(), 'OPEN')`,
      [instance.processInstanceKey, stepKey],
    );

    // when
    await completeUserTask(
      { pool: db.pool, client, clock },
      { taskId: task.id, variables: {}, completedBy: 'kasi.jelutung' },
    );

    // then every breach of the step is resolved, and the resolution is recorded once
    const { rows: breaches } = await db.pool.query(
      `select level, status from app.breaches where element_instance_key = $1 order by level`,
      [stepKey],
    );
    expect(breaches).toEqual([
      { level: 1, status: 'RESOLVED' },
      { level: 2, status: 'RESOLVED' },
    ]);
    const { rows: actions } = await db.pool.query(
      `select a.action, b.level from app.escalation_actions a join app.breaches b on b.id = a.breach_id
        where b.element_instance_key = $1`,
      [stepKey],
    );
    expect(actions).toEqual([{ action: 'RESOLVED', level: 1 }]);
  });

  it('should mark a task CANCELED when its process was cancelled meanwhile', async () => {
    // given
    const instance = await client.createProcessInstance({
      bpmnProcessId: 'tasklist-demo',
      variables: { dueAt: '2026-12-03T10:00:00+07:00' },
    });
    const task = await taskOf(instance.processInstanceKey);
    await client.cancelProcessInstance(instance.processInstanceKey);

    // when
    const outcome = await completeUserTask(
      { pool: db.pool, client, clock },
      { taskId: task.id, variables: {}, completedBy: 'kasi.jelutung' },
    );

    // then
    expect(outcome).toBe('CANCELED');
    expect(task.kelurahan_code).toBeNull();
  });
});
