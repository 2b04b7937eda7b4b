/**
 * Role-matrix cases for supervision: escalations, the actions on a breach and the figures.
 *
 * An action needs an escalation waiting for the caller's level: a breach of the caller's role is
 * recorded and its `sla-escalation` instance started, and the workers raise it to the caller's
 * role (the open `handle` task). Reassigning and reminding also need the late step's open task
 * (a `matrix-task` of the role-matrix test), held by an officer for a reminder.
 */
import { talangJauh } from '../../helpers/domain-fixtures.js';
import type { MatrixCaller, MatrixCases, MatrixWorld } from './matrix-case.js';

// Apart from the element instance keys of other cases' breaches and of the engine's own.
let syntheticKey = 9_100_000_000_000;

async function poll<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the matrix waited in vain for ${what}`);
}

/** The open task of a fresh `matrix-task` instance: a late step to act on. */
async function lateStep(
  world: MatrixWorld,
  assignee: string | null,
): Promise<{ processInstanceKey: string; elementInstanceKey: string }> {
  const { processInstanceKey } = await world.zeebe.createProcessInstance({
    bpmnProcessId: 'matrix-task',
    variables: { kelurahanCode: talangJauh },
  });
  const elementInstanceKey = await poll('the late step', async () => {
    const { rows } = await world.pool.query<{ element_instance_key: string }>(
      `select element_instance_key::text from app.tasks where process_instance_key = $1 and state = 'CREATED'`,
      [processInstanceKey],
    );
    return rows[0]?.element_instance_key;
  });
  if (assignee) {
    await world.pool.query(`update app.tasks set assignee = $2 where element_instance_key = $1`, [
      elementInstanceKey,
      assignee,
    ]);
  }
  return { processInstanceKey, elementInstanceKey };
}

/** A breach in Talang Jauh whose escalation waits for `caller`'s role; its id. */
async function escalatedTo(
  world: MatrixWorld,
  caller: MatrixCaller,
  late: 'no task' | 'open task' | 'held task',
): Promise<string> {
  const step =
    late === 'no task'
      ? { processInstanceKey: String(syntheticKey++), elementInstanceKey: String(syntheticKey++) }
      : await lateStep(world, late === 'held task' ? 'loket-1' : null);
  const now = new Date(world.clock.now());
  const dueAt = new Date(now.getTime() - 60 * 60_000).toISOString();
  const { rows } = await world.pool.query<{ id: string }>(
    `insert into app.breaches (policy_code, level, candidate_group, process_instance_key, element_instance_key,
                               element_id, kelurahan_code, due_at, breached_at)
     values ('QUEUE_WAIT', 1, $1, $2, $3, 'check', $4, $5, $6) returning id::text`,
    [caller.role, step.processInstanceKey, step.elementInstanceKey, talangJauh, dueAt, now],
  );
  const breachId = rows[0]!.id;
  const instance = await world.zeebe.createProcessInstance({
    bpmnProcessId: 'sla-escalation',
    variables: {
      breachId: Number(breachId),
      stepKey: step.elementInstanceKey,
      policyCode: 'QUEUE_WAIT',
      stepName: 'Warga menunggu panggilan di loket',
      level: 1,
      levels: [{ level: 1, at: dueAt, group: caller.role }],
      dueAt,
      breachedAt: now.toISOString(),
      kelurahanCode: talangJauh,
      lateProcessInstanceKey: step.processInstanceKey,
    },
  });
  await world.pool.query(
    `update app.breaches set escalation_process_instance_key = $2 where id = $1`,
    [breachId, instance.processInstanceKey],
  );
  await poll(`the escalation task for ${caller.role}`, async () => {
    const { rows: open } = await world.pool.query(
      `select 1 from app.tasks where process_instance_key = $1 and element_id = 'handle' and state = 'CREATED'`,
      [instance.processInstanceKey],
    );
    return open.length > 0 ? true : undefined;
  });
  return breachId;
}

const march = { from: '2026-03-01', to: '2026-03-31' };

export const supervisionCases: MatrixCases = {
  listEscalations: () => Promise.resolve({ query: { status: 'OPEN', awaiting: 'true' } }),

  acknowledgeBreach: async (world, caller) => ({
    params: { id: await escalatedTo(world, caller, 'no task') },
    body: { note: 'Saya tangani' },
  }),
  reassignBreach: async (world, caller) => ({
    params: { id: await escalatedTo(world, caller, 'open task') },
    body: { staffId: 'loket-1' },
  }),
  remindBreach: async (world, caller) => ({
    params: { id: await escalatedTo(world, caller, 'held task') },
    body: {},
  }),
  openBreachDisciplinaryCase: async (world, caller) => ({
    params: { id: await escalatedTo(world, caller, 'no task') },
    body: { staffId: 'loket-1', note: 'Terlambat berulang kali' },
  }),

  figuresPerStep: () => Promise.resolve({ query: march }),
  timeToCardDistribution: () => Promise.resolve({ query: march }),
  figuresPerKelurahan: () => Promise.resolve({ query: march }),
  figuresPerOfficer: () => Promise.resolve({ query: march }),
  figuresPerPeriod: () => Promise.resolve({ query: { ...march, unit: 'week' } }),
};
