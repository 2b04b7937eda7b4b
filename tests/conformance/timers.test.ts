import {
  activateJob,
  clockOf,
  createdBefore,
  deployProcess,
  expectEnded,
  expectJobGone,
  expectNoJobs,
  HOUR,
  instanceIsActive,
  itWithClock,
  type JobQuery,
  MINUTE,
  SECOND,
  startInstance,
  useEngine,
} from './support.js';

// Every test here moves the embedded engine's clock instead of waiting, so against a Zeebe
// gateway they are all reported skipped. Each test pins the clock at the same instant first; the
// clock goes back to the system clock after each test.
const PINNED = Date.parse('2026-12-01T08:00:00Z');

const engine = useEngine();

/** Activates and completes the one job the query finds, and checks that there is no other. */
async function completeTheOnlyJob(query: JobQuery) {
  const job = await activateJob(engine.client, query);
  await expectNoJobs(engine.client, query);
  await engine.client.completeJob({ jobKey: job.key, variables: {} });
  return job;
}

describe('intermediate timer catch event', () => {
  itWithClock(
    'should fire a timeDuration timer when it is due, and not a second earlier',
    async () => {
      // given an instance waiting 15 minutes
      const clock = clockOf(engine);
      await clock.pin(PINNED);
      await deployProcess(engine.client, 'timers-duration.bpmn');
      const { processInstanceKey } = await startInstance(engine.client, 'timers-duration');
      const sesudah = { type: 'timers-duration-sesudah', processInstanceKey };

      // when one second before it is due, then it still waits
      await clock.add(15 * MINUTE - SECOND);
      await expectNoJobs(engine.client, sesudah);
      expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(true);

      // when it is due, then the flow after the timer is taken
      await clock.add(SECOND);
      const job = await activateJob(engine.client, sesudah);
      expect(job.elementId).toBe('task-sesudah');
    },
  );

  itWithClock(
    'should fire a timeDate timer at that instant, and not a second earlier',
    async () => {
      // given an instance waiting for 2026-12-01T10:00:00Z, two hours after the pinned instant
      const clock = clockOf(engine);
      await clock.pin(PINNED);
      await deployProcess(engine.client, 'timers-date.bpmn');
      const { processInstanceKey } = await startInstance(engine.client, 'timers-date');
      const sesudah = { type: 'timers-date-sesudah', processInstanceKey };

      // when one second before, then it still waits
      await clock.add(2 * HOUR - SECOND);
      await expectNoJobs(engine.client, sesudah);

      // when the instant has come
      await clock.add(SECOND);
      await activateJob(engine.client, sesudah);
    },
  );

  itWithClock('should take the duration from a FEEL expression over the variables', async () => {
    // given two instances of the same process whose `sla` variables differ
    const clock = clockOf(engine);
    await clock.pin(PINNED);
    await deployProcess(engine.client, 'timers-feel-duration.bpmn');
    const cepat = await startInstance(engine.client, 'timers-feel-duration', { sla: 'PT30M' });
    const lambat = await startInstance(engine.client, 'timers-feel-duration', { sla: 'PT2H' });
    const sesudahCepat = {
      type: 'timers-feel-sesudah',
      processInstanceKey: cepat.processInstanceKey,
    };
    const sesudahLambat = {
      type: 'timers-feel-sesudah',
      processInstanceKey: lambat.processInstanceKey,
    };

    // when 30 minutes minus a second have passed, then neither fired
    await clock.add(30 * MINUTE - SECOND);
    await expectNoJobs(engine.client, sesudahCepat);

    // when 30 minutes have passed, then only the PT30M instance moved on
    await clock.add(SECOND);
    await activateJob(engine.client, sesudahCepat);
    await expectNoJobs(engine.client, sesudahLambat);

    // when 2 hours have passed, then the PT2H one did too
    await clock.add(90 * MINUTE);
    await activateJob(engine.client, sesudahLambat);
  });
});

describe('boundary timer events', () => {
  itWithClock(
    'should interrupt the service task when an interrupting timer fires: its job is gone and the boundary path runs',
    async () => {
      // given a task whose job is activated, with a PT1H interrupting boundary timer
      const clock = clockOf(engine);
      await clock.pin(PINNED);
      await deployProcess(engine.client, 'timers-boundary-interrupting.bpmn');
      const { processInstanceKey } = await startInstance(
        engine.client,
        'timers-boundary-interrupting',
      );
      const verifikasi = await activateJob(engine.client, {
        type: 'timers-batas-verifikasi',
        processInstanceKey,
      });
      const eskalasi = { type: 'timers-batas-eskalasi', processInstanceKey };

      // when one second before the timer is due, then the boundary path has not started
      await clock.add(HOUR - SECOND);
      await expectNoJobs(engine.client, eskalasi);

      // when it is due
      await clock.add(SECOND);

      // then the boundary path runs, the task's job is gone and the normal path never runs
      const job = await activateJob(engine.client, eskalasi);
      expect(job.elementId).toBe('task-eskalasi');
      await expectNoJobs(engine.client, { type: 'timers-batas-verifikasi', processInstanceKey });
      await expectJobGone(engine.client, verifikasi.key);
      await expectNoJobs(engine.client, { type: 'timers-batas-cetak', processInstanceKey });
    },
  );

  // The clock moves hour by hour, as a real one does: how Zeebe reschedules a cycle that is
  // overdue by more than one interval has changed between versions, and a real clock never jumps
  // over repetitions. After five hours the R3 cycle has fired exactly three times.
  itWithClock(
    'should fire a non-interrupting R3/PT1H cycle exactly three times while the task stays',
    async () => {
      // given
      const clock = clockOf(engine);
      await clock.pin(PINNED);
      await deployProcess(engine.client, 'timers-boundary-cycle.bpmn');
      const { processInstanceKey } = await startInstance(engine.client, 'timers-boundary-cycle');
      const pengingat = { type: 'timers-siklus-pengingat', processInstanceKey };

      // when five hours pass, hour by hour
      const reminders: string[] = [];
      for (let hour = 1; hour <= 5; hour++) {
        await clock.add(HOUR);
        if (hour <= 3) {
          // then each of the first three hours creates one reminder job
          reminders.push((await completeTheOnlyJob(pengingat)).key);
        } else {
          // and the fourth and fifth create none
          await expectNoJobs(engine.client, pengingat);
        }
      }
      expect(new Set(reminders).size).toBe(3);

      // and the task was never interrupted: its job is still there and the flow goes on after it
      await completeTheOnlyJob({ type: 'timers-siklus-proses', processInstanceKey });
      await activateJob(engine.client, { type: 'timers-siklus-selesai', processInstanceKey });
    },
  );

  itWithClock(
    'should fire a non-interrupting duration timer once, while the task stays',
    async () => {
      // given
      const clock = clockOf(engine);
      await clock.pin(PINNED);
      await deployProcess(engine.client, 'timers-boundary-once.bpmn');
      const { processInstanceKey } = await startInstance(engine.client, 'timers-boundary-once');
      const pengingat = { type: 'timers-sekali-pengingat', processInstanceKey };

      // when one second before it is due, then nothing fired
      await clock.add(HOUR - SECOND);
      await expectNoJobs(engine.client, pengingat);

      // when it is due, then one reminder job
      await clock.add(SECOND);
      await completeTheOnlyJob(pengingat);

      // when two more hours pass, then no second reminder
      await clock.add(HOUR);
      await clock.add(HOUR);
      await expectNoJobs(engine.client, pengingat);

      // and the task is still there; completing it ends the instance
      await completeTheOnlyJob({ type: 'timers-sekali-proses', processInstanceKey });
      await expectEnded(engine.client, processInstanceKey);
    },
  );
});

describe('timer start event', () => {
  itWithClock('should create one instance per repetition of an R2/PT1H cycle', async () => {
    // given the process deployed at the pinned instant
    const clock = clockOf(engine);
    await clock.pin(PINNED);
    await deployProcess(engine.client, 'timers-start-cycle.bpmn');
    const kerja = { type: 'timers-start-cycle-kerja' };

    // when one second before the first repetition, then no instance
    await clock.add(HOUR - SECOND);
    await expectNoJobs(engine.client, kerja);

    // when the first and then the second repetition are due, then one instance each
    await clock.add(SECOND);
    const first = await completeTheOnlyJob(kerja);
    await clock.add(HOUR);
    const second = await completeTheOnlyJob(kerja);
    expect(first.bpmnProcessId).toBe('timers-start-cycle');
    expect(second.processInstanceKey).not.toBe(first.processInstanceKey);

    // when a third hour passes, then no third instance
    await clock.add(HOUR);
    await expectNoJobs(engine.client, kerja);
  });

  itWithClock(
    "should stop the previous version's start timer when a new version is deployed",
    async () => {
      // given version 1 (R5/PT1H) has started one instance
      const clock = clockOf(engine);
      await clock.pin(PINNED);
      const v1 = await deployProcess(engine.client, 'timers-start-replaced-v1.bpmn');
      const kerja = { type: 'timers-replaced-kerja' };
      await clock.add(HOUR);
      const fromV1 = await completeTheOnlyJob(kerja);
      expect(fromV1.processDefinitionVersion).toBe(v1.version);

      // when version 2 (R2/PT1H) is deployed
      const v2 = await deployProcess(engine.client, 'timers-start-replaced-v2.bpmn');
      expect(v2.version).toBe(v1.version + 1);

      // then each of the next hours starts one instance, all of version 2, none of version 1
      for (let hour = 1; hour <= 2; hour++) {
        await clock.add(HOUR);
        const job = await completeTheOnlyJob(kerja);
        expect(job.processDefinitionVersion).toBe(v2.version);
      }
      await clock.add(HOUR);
      await expectNoJobs(engine.client, kerja);
    },
  );
});

describe('timer event subprocess', () => {
  itWithClock(
    'should run a non-interrupting timer event subprocess once, beside the work of the process',
    async () => {
      // given
      const clock = clockOf(engine);
      await clock.pin(PINNED);
      await deployProcess(engine.client, 'timers-event-subprocess.bpmn');
      const { processInstanceKey } = await startInstance(engine.client, 'timers-event-subprocess');
      const ingatkan = { type: 'timers-esp-ingatkan', processInstanceKey };

      // when one second before it is due, then the event subprocess has not started
      await clock.add(HOUR - SECOND);
      await expectNoJobs(engine.client, ingatkan);

      // when it is due, then it runs once
      await clock.add(SECOND);
      const job = await completeTheOnlyJob(ingatkan);
      expect(job.elementId).toBe('task-ingatkan');
      await clock.add(HOUR);
      await expectNoJobs(engine.client, ingatkan);

      // and the process's own work was not interrupted
      expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(true);
      await completeTheOnlyJob({ type: 'timers-esp-kerja', processInstanceKey });
      await expectEnded(engine.client, processInstanceKey);
    },
  );
});

describe('a clock moved far ahead', () => {
  itWithClock('should fire every timer that became due, in due order', async () => {
    // given two parallel branches: PT2H (first in the model) and PT1H; each timer's output
    // mapping appends its duration to `urutan`
    const clock = clockOf(engine);
    await clock.pin(PINNED);
    await deployProcess(engine.client, 'timers-due-order.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'timers-due-order', {
      urutan: [],
    });

    // when the clock moves 72 hours at once
    await clock.add(72 * HOUR);

    // then both branches went on, the PT1H one first
    const satu = await activateJob(engine.client, {
      type: 'timers-urutan-satu',
      processInstanceKey,
    });
    const dua = await activateJob(engine.client, { type: 'timers-urutan-dua', processInstanceKey });
    expect(createdBefore(satu, dua)).toBe(true);
    expect(dua.variables).toEqual({ urutan: ['PT1H', 'PT2H'] });
  });
});
