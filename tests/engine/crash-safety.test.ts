/**
 * Crash safety: the product is killed with SIGKILL at random moments while 1,000 instances wait
 * for a job, a timer, a message and a second job, and is started again each time. Every instance
 * still completes exactly once, no job is lost, no timer fires twice, and no buffered message is
 * lost or delivered twice.
 *
 * The kills are random; the seed is printed, and CRASH_SEED=<seed> repeats the same kill plan
 * (the moments still depend on the machine's speed).
 */
import fs from 'node:fs/promises';

import { status } from '@grpc/grpc-js';

import { flow, serviceTask } from '../../engine/src/testing/bpmn.js';
import {
  CrashingProduct,
  forEachLimited,
  grpcCode,
  seededRandom,
  sleep,
} from '../helpers/chaos.js';
import {
  connectToProductDatabase,
  killLeftoverProducts,
  postgresServing,
  productSettings,
  type ProductSettings,
} from '../helpers/product-process.js';

const processId = 'crash-safety';
const instanceCount = 1000;
const hour = 3_600_000;
// Far beyond the machine's clock: between a restart and the re-pin the engine runs on the system
// clock, and nothing (timer, job deadline, message expiry) may fall due in that window.
const testStart = Date.parse('2030-01-07T08:00:00Z');
// The message must outlive everything the test does to the clock: 1 h of timer and 5 s steps.
const messageTimeToLive = 24 * hour;
// Short, in engine time, so that activations a crash cut off come back after a 5 s clock step.
const jobTimeout = 2000;
const testLimitMs = 150_000;
const maxKillDelayMs = 600;

const processXml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="x">
  <bpmn:message id="m" name="crash-msg"><bpmn:extensionElements><zeebe:subscription correlationKey="= caseId" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="s" />
    ${serviceTask('a', 'crash-a')}
    <bpmn:intermediateCatchEvent id="hour"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="msg"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
    ${serviceTask('b', 'crash-b')}
    <bpmn:endEvent id="e" />
    ${flow('f1', 's', 'a')} ${flow('f2', 'a', 'hour')} ${flow('f3', 'hour', 'msg')} ${flow('f4', 'msg', 'b')} ${flow('f5', 'b', 'e')}
  </bpmn:process>
</bpmn:definitions>`;

/** What the workers saw: per job type, instance key → the distinct job keys it ever had. */
type JobsSeen = Record<'crash-a' | 'crash-b', Map<string, Set<string>>>;

interface WorkOutcome {
  /** Completions answered NOT_FOUND after a resend: the first attempt had completed the job. */
  completedBeforeCrash: number;
  /** Publications answered ALREADY_EXISTS after a resend: the first attempt was stored. */
  publishedBeforeCrash: number;
  /** Anything a correct engine never does, described for the report. */
  anomalies: string[];
}

async function activateAndCompleteAll(
  product: CrashingProduct,
  type: keyof JobsSeen,
  caseOf: ReadonlyMap<string, string>,
  seen: JobsSeen,
  outcome: WorkOutcome,
  giveUpAt: number,
): Promise<void> {
  const done = new Set<string>();
  while (done.size < instanceCount) {
    if (Date.now() > giveUpAt)
      throw new Error(`${type}: ${done.size} of ${instanceCount} instances done at the limit`);
    const jobs = await product.call(`activate ${type}`, (client) =>
      client.activateJobs({
        type,
        worker: 'crash-safety',
        maxJobsToActivate: 100,
        timeout: jobTimeout,
        requestTimeout: -1,
      }),
    );
    if (jobs.length === 0) {
      // Jobs whose activation a crash cut off are activatable again after their timeout.
      await product.advanceClock(5000);
      await sleep(20);
      continue;
    }
    await forEachLimited(jobs, 20, async (job) => {
      const caseId = caseOf.get(job.processInstanceKey);
      if (caseId === undefined)
        outcome.anomalies.push(
          `${type} job ${job.key} of unknown instance ${job.processInstanceKey}`,
        );
      if (type === 'crash-b' && job.variables.delivered !== caseId)
        outcome.anomalies.push(
          `instance ${job.processInstanceKey} (${caseId}) got the message of ${JSON.stringify(job.variables.delivered)}`,
        );
      const keys = seen[type].get(job.processInstanceKey) ?? new Set<string>();
      keys.add(job.key);
      seen[type].set(job.processInstanceKey, keys);
      await product.call(`complete ${type} job ${job.key}`, async (client, resent) => {
        try {
          await client.completeJob({ jobKey: job.key, variables: {} });
        } catch (error) {
          if (!resent || grpcCode(error) !== status.NOT_FOUND) throw error;
          outcome.completedBeforeCrash++;
        }
      });
      done.add(job.processInstanceKey);
    });
  }
}

async function publishAll(
  product: CrashingProduct,
  caseIds: readonly string[],
  outcome: WorkOutcome,
): Promise<void> {
  await forEachLimited(caseIds, 20, async (caseId) => {
    await product.call(`publish ${caseId}`, async (client, resent) => {
      try {
        await client.publishMessage({
          name: 'crash-msg',
          correlationKey: caseId,
          messageId: caseId,
          timeToLive: messageTimeToLive,
          variables: { delivered: caseId },
        });
      } catch (error) {
        if (!resent || grpcCode(error) !== status.ALREADY_EXISTS) throw error;
        outcome.publishedBeforeCrash++;
      }
    });
  });
}

/**
 * Where the work stood when a crash came: what the restarted engine found in its tables. Each
 * active instance waits at exactly one thing (a job, its timer or its message subscription), and
 * that must hold however the crash cut a transaction.
 */
interface PendingWork {
  activeInstances: number;
  completedInstances: number;
  crashAJobs: number;
  timers: number;
  subscriptions: number;
  crashBJobs: number;
  activatedJobs: number;
  messages: number;
  /** Active instances waiting at nothing or at two things, ended instances still waiting. */
  misplaced: number;
}

async function pendingWork(settings: ProductSettings): Promise<PendingWork> {
  const client = await connectToProductDatabase(settings);
  try {
    const { rows } = await client.query<Record<keyof PendingWork, string>>(
      `select
         (select count(*) from engine.process_instances where bpmn_process_id = $1 and state = 'ACTIVE') as "activeInstances",
         (select count(*) from engine.process_instances where bpmn_process_id = $1 and state = 'COMPLETED') as "completedInstances",
         (select count(*) from engine.jobs where type = 'crash-a') as "crashAJobs",
         (select count(*) from engine.timers where process_instance_key is not null
            and element_id = 'hour') as timers,
         (select count(*) from engine.message_subscriptions where bpmn_process_id = $1) as subscriptions,
         (select count(*) from engine.jobs where type = 'crash-b') as "crashBJobs",
         (select count(*) from engine.jobs where bpmn_process_id = $1 and state = 'ACTIVATED') as "activatedJobs",
         (select count(*) from engine.messages where name = 'crash-msg') as messages,
         (select count(*) from engine.process_instances p where p.bpmn_process_id = $1
            and (case when p.state = 'ACTIVE' then 1 else 0 end) <>
                (select count(*) from engine.jobs j where j.process_instance_key = p.key)
              + (select count(*) from engine.timers t where t.process_instance_key = p.key)
              + (select count(*) from engine.message_subscriptions s where s.process_instance_key = p.key)
         ) as misplaced`,
      [processId],
    );
    return Object.fromEntries(
      Object.entries(rows[0] ?? {}).map(([name, n]) => [name, Number(n)]),
    ) as unknown as PendingWork;
  } finally {
    await client.end();
  }
}

/** Polls until at most `left` of the timers wait, or `going()` turns false. */
async function untilTimersLeft(
  settings: ProductSettings,
  left: number,
  going: () => boolean,
): Promise<void> {
  const client = await connectToProductDatabase(settings);
  try {
    while (going()) {
      const { rows } = await client.query<{ n: string }>(
        `select count(*) as n from engine.timers where element_id = 'hour'`,
      );
      if (Number(rows[0]?.n) <= left) return;
      await sleep(5);
    }
  } finally {
    await client.end();
  }
}

/** The restarts that found an instance waiting at nothing or at two things, or one missing. */
function inconsistentRestarts(crashes: CrashingProduct['crashes']): unknown[] {
  return crashes.filter(({ found }) => {
    const n = found as PendingWork;
    return n.misplaced !== 0 || n.activeInstances + n.completedInstances !== instanceCount;
  });
}

async function engineRecords(settings: ProductSettings) {
  const client = await connectToProductDatabase(settings);
  try {
    const count = async (sql: string, params: unknown[] = [processId]) =>
      Number((await client.query<{ n: string }>(sql, params)).rows[0]?.n);
    const instanceStates = Object.fromEntries(
      (
        await client.query<{ state: string; n: string }>(
          'select state, count(*) as n from engine.process_instances where bpmn_process_id = $1 group by state',
          [processId],
        )
      ).rows.map((row) => [row.state, Number(row.n)]),
    );
    return {
      instanceStates,
      // The variables the message brought, checked against the instance's own case.
      wrongDelivery: await count(
        `select count(*) as n from engine.process_instances
          where bpmn_process_id = $1 and document->'variables'->(key::text)->>'delivered' is distinct from document->'variables'->(key::text)->>'caseId'`,
      ),
      jobs: await count('select count(*) as n from engine.jobs where bpmn_process_id = $1'),
      incidents: await count(
        'select count(*) as n from engine.incidents where bpmn_process_id = $1',
      ),
      timers: await count(
        `select count(*) as n from engine.timers t join engine.process_definitions d on d.key = t.process_definition_key
          where d.bpmn_process_id = $1`,
      ),
      messageSubscriptions: await count(
        'select count(*) as n from engine.message_subscriptions where bpmn_process_id = $1',
      ),
      messages: await count(
        `select count(*) as n from engine.messages where name = 'crash-msg'`,
        [],
      ),
      messageCaseIds: await count(
        `select count(distinct correlation_key) as n from engine.messages where name = 'crash-msg'`,
        [],
      ),
      correlations: await count(
        `select count(*) as n from engine.message_correlations c join engine.messages m on m.key = c.message_key
          where m.name = 'crash-msg' and c.bpmn_process_id = $1`,
      ),
      correlatedMessages: await count(
        `select count(distinct c.message_key) as n from engine.message_correlations c join engine.messages m on m.key = c.message_key
          where m.name = 'crash-msg' and c.bpmn_process_id = $1`,
      ),
      // For the report when something is stuck: where the first unfinished instances wait.
      unfinished: (
        await client.query<{ key: string; state: string; elements: unknown }>(
          `select key::text, state, document->'elements' as elements from engine.process_instances
            where bpmn_process_id = $1 and state <> 'COMPLETED' order by key limit 5`,
          [processId],
        )
      ).rows,
    };
  } finally {
    await client.end();
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function summaryText(run: {
  seed: number;
  plannedKills: number;
  crashes: CrashingProduct['crashes'];
  resent: number;
  outcome: WorkOutcome;
  setupMs: number;
  workMs: number;
  phaseMs: Record<string, number>;
  records: Awaited<ReturnType<typeof engineRecords>>;
}): string {
  const { outcome, records } = run;
  const kills = run.crashes.map(({ during, downMs, found }, i) => {
    const n = found as PendingWork;
    return (
      `  kill ${i + 1} during ${during}, down ${seconds(downMs)}; found ${n.activeInstances} active,` +
      ` ${n.crashAJobs} crash-a jobs, ${n.timers} timers, ${n.subscriptions} subscriptions,` +
      ` ${n.crashBJobs} crash-b jobs (${n.activatedJobs} activated), ${n.messages} messages`
    );
  });
  const phases = Object.entries(run.phaseMs).map(([name, ms]) => `${name} ${seconds(ms)}`);
  const { unfinished, ...counts } = records;
  return [
    `crash-safety: seed ${run.seed}, ${run.crashes.length} of ${run.plannedKills} kills,` +
      ` ${run.resent} calls resent, ${outcome.completedBeforeCrash} completions and` +
      ` ${outcome.publishedBeforeCrash} publications had taken effect before the crash`,
    ...kills,
    `  setup ${seconds(run.setupMs)}, work ${seconds(run.workMs)}: ${phases.join(', ')}`,
    `  engine tables after: ${JSON.stringify(counts)}`,
    ...(unfinished.length > 0 ? [`  unfinished: ${JSON.stringify(unfinished)}`] : []),
    ...outcome.anomalies.map((anomaly) => `  anomaly: ${anomaly}`),
  ].join('\n');
}

describe('engine - crash safety under kill -9', () => {
  let settings: ProductSettings;

  beforeEach(async () => {
    settings = await productSettings();
    settings.env.ENGINE_CLOCK_CONTROL = 'true';
  });

  afterEach(async () => {
    killLeftoverProducts();
    // A product killed by a failed test leaves its PostgreSQL running; only a next start stops it.
    for (const pid of await postgresServing(settings.dataDir)) process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && (await postgresServing(settings.dataDir)).length > 0; i++)
      await sleep(100);
    await fs.rm(settings.dataDir, { recursive: true, force: true });
  });

  it('should complete 1,000 instances with jobs, timers and messages exactly once across random kills', async () => {
    const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const random = seededRandom(seed);
    const startedAt = Date.now();
    const giveUpAt = startedAt + testLimitMs;

    // given 1,000 instances waiting at their first job, created before any crash (a create sent
    // twice would make two instances, so creates are never resent)
    expect(testStart).toBeGreaterThan(Date.now() + 24 * hour);
    const running = await CrashingProduct.start(settings, testStart, giveUpAt);
    await running.call('deploy', (client) =>
      client.deployResource({ process: Buffer.from(processXml), name: `${processId}.bpmn` }),
    );
    const caseIds = Array.from(
      { length: instanceCount },
      (_, i) => `case-${String(i).padStart(4, '0')}`,
    );
    const caseOf = new Map<string, string>();
    await forEachLimited(caseIds, 20, async (caseId) => {
      const created = await running.call(`create ${caseId}`, (client, resent) => {
        if (resent) throw new Error(`create ${caseId} was cut off: it must not be sent twice`);
        return client.createProcessInstance({ bpmnProcessId: processId, variables: { caseId } });
      });
      caseOf.set(created.processInstanceKey, caseId);
    });
    expect(caseOf.size).toBe(instanceCount);
    const createdAt = Date.now();

    // when the work runs in five phases while a killer kills the product 3 to 6 times
    const seen: JobsSeen = { 'crash-a': new Map(), 'crash-b': new Map() };
    const outcome: WorkOutcome = {
      completedBeforeCrash: 0,
      publishedBeforeCrash: 0,
      anomalies: [],
    };
    const half = instanceCount / 2;
    const phases: Array<{ name: string; run: () => Promise<void> }> = [
      {
        name: 'crash-a jobs',
        run: () => activateAndCompleteAll(running, 'crash-a', caseOf, seen, outcome, giveUpAt),
      },
      {
        name: 'messages published before the timer',
        run: () => publishAll(running, caseIds.slice(0, half), outcome),
      },
      { name: 'timers firing (clock + 1 h)', run: () => running.advanceClock(hour) },
      {
        name: 'messages published after the timer',
        run: () => publishAll(running, caseIds.slice(half), outcome),
      },
      {
        name: 'crash-b jobs',
        run: () => activateAndCompleteAll(running, 'crash-b', caseOf, seen, outcome, giveUpAt),
      },
    ];
    let current = 0;
    const phaseMs: Record<string, number> = {};
    const work = async () => {
      try {
        for (const [index, phase] of phases.entries()) {
          current = index;
          const phaseStart = Date.now();
          await phase.run();
          phaseMs[phase.name] = Date.now() - phaseStart;
        }
      } finally {
        current = phases.length;
      }
    };
    // Kills 0.3-1.5 s apart would all land in the first two phases: a restart takes 2-5 s and a
    // phase 0.5-5 s. So each kill is aimed at a phase and lands at a random moment of up to
    // maxKillDelayMs after that phase began (or after the last restart). One kill always goes into
    // the firing of the 1,000 timers, part-way through: a crash there is what could make a timer
    // fire twice. The other 2 to 5 kills go into phases drawn at random.
    const timerPhase = phases.findIndex((phase) => phase.name.startsWith('timers'));
    const plannedKills = 3 + Math.floor(random() * 4);
    const targets = [
      timerPhase,
      ...Array.from({ length: plannedKills - 1 }, () => Math.floor(random() * phases.length)),
    ].sort((a, b) => a - b);
    const killer = async () => {
      let timerKillDone = false;
      for (const target of targets) {
        while (current < target) await sleep(5);
        if (target === timerPhase && !timerKillDone) {
          timerKillDone = true;
          // The engine fires 100 timers per transaction, 2-4 s for all 1,000 here: wait for a
          // random number (100 to 900) to be left, then kill within the next transactions.
          const left = 100 + Math.floor(random() * 801);
          await untilTimersLeft(settings, left, () => current === timerPhase);
          await sleep(random() * 150);
        } else {
          await sleep(random() * maxKillDelayMs);
        }
        if (current >= phases.length) return;
        await running.crashAndRestart(phases[current]?.name ?? '', () => pendingWork(settings));
      }
    };
    const [workResult, killerResult] = await Promise.allSettled([work(), killer()]);
    const workedAt = Date.now();
    const records = await engineRecords(settings);

    console.log(
      summaryText({
        seed,
        plannedKills,
        crashes: running.crashes,
        resent: running.resent,
        outcome,
        setupMs: createdAt - startedAt,
        workMs: workedAt - createdAt,
        phaseMs,
        records,
      }),
    );
    try {
      if (workResult.status === 'rejected') throw workResult.reason;
      if (killerResult.status === 'rejected') throw killerResult.reason;

      // then every instance completed exactly once, with one job of each kind
      expect(outcome.anomalies).toEqual([]);
      expect(running.crashes.length).toBeGreaterThanOrEqual(1);
      expect(inconsistentRestarts(running.crashes)).toEqual([]);
      expect(records.instanceStates).toEqual({ COMPLETED: instanceCount });
      expect(records).toMatchObject({
        wrongDelivery: 0,
        jobs: 0,
        incidents: 0,
        timers: 0,
        messageSubscriptions: 0,
        unfinished: [],
      });
      for (const type of ['crash-a', 'crash-b'] as const) {
        expect(seen[type].size).toBe(instanceCount);
        const twice = [...seen[type]].filter(([, keys]) => keys.size !== 1);
        expect(twice.map(([instance, keys]) => `${instance}: ${[...keys].join(', ')}`)).toEqual([]);
      }
      // and every message was stored once and correlated exactly once
      expect(records).toMatchObject({
        messages: instanceCount,
        messageCaseIds: instanceCount,
        correlations: instanceCount,
        correlatedMessages: instanceCount,
      });
    } catch (error) {
      console.log(`product output (CRASH_SEED=${seed}):\n${running.output()}`);
      throw error;
    }

    await running.stop();
  }, 180_000);
});
