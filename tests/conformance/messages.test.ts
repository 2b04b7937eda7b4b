import type { JSON as JsonValue } from '@camunda8/sdk/dist/zeebe/types.js';
import { status } from '@grpc/grpc-js';

import {
  activateJob,
  activateJobsEventually,
  clockOf,
  deployProcess,
  expectEnded,
  expectJobGone,
  expectNoJobs,
  HOUR,
  instanceIsActive,
  itWithClock,
  type JobQuery,
  rejectionOf,
  startInstance,
  uniqueCase,
  useEngine,
} from './support.js';

const engine = useEngine();

/**
 * A message meant for an instance that is already waiting is published with a time to live: Zeebe
 * opens message subscriptions asynchronously, so right after CreateProcessInstance the
 * subscription may not exist yet; a buffered message is correlated as soon as it does.
 */
const BUFFERED = 60_000;

function publish(
  name: string,
  correlationKey: string,
  variables: Record<string, JsonValue> = {},
  timeToLive = BUFFERED,
  messageId?: string,
) {
  return engine.client.publishMessage({
    name,
    correlationKey,
    variables,
    timeToLive,
    ...(messageId === undefined ? {} : { messageId }),
  });
}

describe('message intermediate catch event', () => {
  it('should continue with the message whose correlation key is the value of the variable', async () => {
    // given an instance waiting with correlationKey = nomorAntrian
    await deployProcess(engine.client, 'messages-catch.bpmn');
    const nomorAntrian = uniqueCase('antrian');
    const { processInstanceKey } = await startInstance(engine.client, 'messages-catch', {
      nomorAntrian,
    });
    const sesudah = { type: 'messages-catch-sesudah', processInstanceKey };

    // when a message with another key is published, then it is not correlated
    await publish('messages-berkas-diterima', `${nomorAntrian}-lain`, { berkas: 'salah' }, 0);
    await expectNoJobs(engine.client, sesudah);

    // when the message with its key is published
    await publish('messages-berkas-diterima', nomorAntrian, { berkas: 'lengkap' });

    // then the instance continues with the message variables
    const job = await activateJob(engine.client, sesudah);
    expect(job.variables).toEqual({ nomorAntrian, berkas: 'lengkap' });
  });
});

describe('receive task', () => {
  it('should wait for its message and continue with its variables', async () => {
    // given
    await deployProcess(engine.client, 'messages-receive-task.bpmn');
    const nomorAntrian = uniqueCase('terima');
    const { processInstanceKey } = await startInstance(engine.client, 'messages-receive-task', {
      nomorAntrian,
    });
    const sesudah = { type: 'messages-receive-sesudah', processInstanceKey };
    await expectNoJobs(engine.client, sesudah);

    // when
    await publish('messages-tanda-terima', nomorAntrian, { tandaTerima: 'TT-001' });

    // then
    const job = await activateJob(engine.client, sesudah);
    expect(job.variables).toEqual({ nomorAntrian, tandaTerima: 'TT-001' });
  });
});

describe('message buffering', () => {
  it('should correlate a message published with a time to live once the subscription opens', async () => {
    // given a message published before any instance waits for it
    await deployProcess(engine.client, 'messages-catch.bpmn');
    const nomorAntrian = uniqueCase('buffer');
    await publish('messages-berkas-diterima', nomorAntrian, { berkas: 'lebih dulu' });

    // when an instance with that key reaches the catch event
    const { processInstanceKey } = await startInstance(engine.client, 'messages-catch', {
      nomorAntrian,
    });

    // then it takes the buffered message
    const job = await activateJob(engine.client, {
      type: 'messages-catch-sesudah',
      processInstanceKey,
    });
    expect(job.variables).toEqual({ nomorAntrian, berkas: 'lebih dulu' });
  });

  it('should discard a message with time to live 0 that nobody waits for', async () => {
    // given a message published with timeToLive 0 before any instance waits for it
    await deployProcess(engine.client, 'messages-catch.bpmn');
    const nomorAntrian = uniqueCase('ttl0');
    await publish('messages-berkas-diterima', nomorAntrian, { berkas: 'hilang' }, 0);

    // when an instance with that key reaches the catch event
    const { processInstanceKey } = await startInstance(engine.client, 'messages-catch', {
      nomorAntrian,
    });
    const sesudah = { type: 'messages-catch-sesudah', processInstanceKey };

    // then it never receives the discarded message, and keeps waiting
    await expectNoJobs(engine.client, sesudah);
    expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(true);

    // and a later message is the one it receives
    await publish('messages-berkas-diterima', nomorAntrian, { berkas: 'kedua' });
    const job = await activateJob(engine.client, sesudah);
    expect(job.variables).toEqual({ nomorAntrian, berkas: 'kedua' });
  });

  it('should refuse a second message with the same name, correlation key and id while the first is buffered', async () => {
    // given a buffered message with a messageId
    const correlationKey = uniqueCase('unik');
    const messageId = uniqueCase('pesan');
    await publish('messages-unik', correlationKey, {}, BUFFERED, messageId);

    // when the same message is published again
    const rejection = await rejectionOf(
      publish('messages-unik', correlationKey, {}, BUFFERED, messageId),
    );

    // then
    expect(rejection.code).toBe(status.ALREADY_EXISTS);

    // and another id, or the same id under another correlation key, is accepted
    await publish('messages-unik', correlationKey, {}, BUFFERED, `${messageId}-lain`);
    await publish('messages-unik', `${correlationKey}-lain`, {}, BUFFERED, messageId);
  });
});

describe('message correlation', () => {
  it('should correlate a message to only one of two instances of a process waiting with the same key', async () => {
    // given two instances waiting with the same correlation key
    await deployProcess(engine.client, 'messages-catch.bpmn');
    const nomorAntrian = uniqueCase('kembar');
    const first = await startInstance(engine.client, 'messages-catch', { nomorAntrian });
    const second = await startInstance(engine.client, 'messages-catch', { nomorAntrian });
    const either: JobQuery = {
      type: 'messages-catch-sesudah',
      where: (job) =>
        job.processInstanceKey === first.processInstanceKey ||
        job.processInstanceKey === second.processInstanceKey,
    };

    // when one message is published
    await publish('messages-berkas-diterima', nomorAntrian, { berkas: 'sekali' });

    // then exactly one of them continues, and the other keeps waiting
    const continued = await activateJobsEventually(engine.client, either, 1);
    await expectNoJobs(engine.client, either);
    expect(continued).toHaveLength(1);
    const waiting = [first, second].filter(
      (instance) => instance.processInstanceKey !== continued[0]?.processInstanceKey,
    );
    expect(waiting).toHaveLength(1);
    expect(await instanceIsActive(engine.client, waiting[0]!.processInstanceKey)).toBe(true);
  });
});

describe('message boundary events', () => {
  it('should interrupt the task when an interrupting message boundary event catches its message', async () => {
    // given a task whose job is activated
    await deployProcess(engine.client, 'messages-boundary-interrupting.bpmn');
    const kasus = uniqueCase('batal');
    const { processInstanceKey } = await startInstance(
      engine.client,
      'messages-boundary-interrupting',
      { kasus },
    );
    const proses = await activateJob(engine.client, {
      type: 'messages-bi-proses',
      processInstanceKey,
    });

    // when
    await publish('messages-bi-batal', kasus, { alasan: 'pemohon membatalkan' });

    // then the boundary path runs with the message variables, and the task's job is gone
    const batal = await activateJob(engine.client, {
      type: 'messages-bi-batal',
      processInstanceKey,
    });
    expect(batal.variables).toEqual({ kasus, alasan: 'pemohon membatalkan' });
    await expectJobGone(engine.client, proses.key);
    await expectNoJobs(engine.client, { type: 'messages-bi-lanjut', processInstanceKey });
  });

  it('should keep the task when a non-interrupting message boundary event catches its message', async () => {
    // given a task whose job is activated
    await deployProcess(engine.client, 'messages-boundary-non-interrupting.bpmn');
    const kasus = uniqueCase('info');
    const { processInstanceKey } = await startInstance(
      engine.client,
      'messages-boundary-non-interrupting',
      { kasus },
    );
    const proses = await activateJob(engine.client, {
      type: 'messages-bn-proses',
      processInstanceKey,
    });

    // when
    await publish('messages-bn-info', kasus, { info: 'berkas susulan' });

    // then the boundary path runs
    const catat = await activateJob(engine.client, {
      type: 'messages-bn-catat',
      processInstanceKey,
    });
    expect(catat.variables).toEqual({ kasus, info: 'berkas susulan' });

    // and the task was not interrupted: completing its job takes the normal path
    await engine.client.completeJob({ jobKey: proses.key, variables: {} });
    const lanjut = await activateJob(engine.client, {
      type: 'messages-bn-lanjut',
      processInstanceKey,
    });
    await engine.client.completeJob({ jobKey: catat.key, variables: {} });
    await engine.client.completeJob({ jobKey: lanjut.key, variables: {} });
    await expectEnded(engine.client, processInstanceKey);
  });
});

describe('message start event', () => {
  function periksaOf(kasus: string): JobQuery {
    return { type: 'messages-start-periksa', where: (job) => job.variables.kasus === kasus };
  }

  it('should create an instance with the message variables', async () => {
    // given
    await deployProcess(engine.client, 'messages-start.bpmn');
    const kasus = uniqueCase('mulai');

    // when
    await publish('messages-pengajuan-masuk', kasus, { kasus, nik: '1571010101010007' }, 0);

    // then
    const job = await activateJob(engine.client, periksaOf(kasus));
    expect(job.bpmnProcessId).toBe('messages-start');
    expect(job.elementId).toBe('task-periksa');
    expect(job.variables).toEqual({ kasus, nik: '1571010101010007' });
    await expectNoJobs(engine.client, periksaOf(kasus));
  });

  it('should not start a second instance for a correlation key whose instance is still active', async () => {
    // given an instance started by a message with correlation key `kasus`
    await deployProcess(engine.client, 'messages-start.bpmn');
    const kasus = uniqueCase('sekali');
    await publish('messages-pengajuan-masuk', kasus, { kasus, urutan: 1 }, 0);
    const first = await activateJob(engine.client, periksaOf(kasus));

    // when a second message with the same key (and no time to live) is published
    await publish('messages-pengajuan-masuk', kasus, { kasus, urutan: 2 }, 0);

    // then no second instance is created, not even after the first one ends
    await expectNoJobs(engine.client, periksaOf(kasus));
    await engine.client.completeJob({ jobKey: first.key, variables: {} });
    await expectEnded(engine.client, first.processInstanceKey);
    await expectNoJobs(engine.client, periksaOf(kasus));

    // and once the first instance has ended, a new message with that key starts one
    await publish('messages-pengajuan-masuk', kasus, { kasus, urutan: 3 }, 0);
    const next = await activateJob(engine.client, periksaOf(kasus));
    expect(next.variables).toEqual({ kasus, urutan: 3 });
    expect(next.processInstanceKey).not.toBe(first.processInstanceKey);
  });

  it('should start an instance from a buffered message once the instance of its key has ended', async () => {
    // given an instance started by a message, and a second message with that key buffered
    await deployProcess(engine.client, 'messages-start.bpmn');
    const kasus = uniqueCase('antre');
    await publish('messages-pengajuan-masuk', kasus, { kasus, urutan: 1 }, 0);
    const first = await activateJob(engine.client, periksaOf(kasus));
    await publish('messages-pengajuan-masuk', kasus, { kasus, urutan: 2 });
    await expectNoJobs(engine.client, periksaOf(kasus));

    // when the first instance ends
    await engine.client.completeJob({ jobKey: first.key, variables: {} });

    // then the buffered message starts the next instance
    const next = await activateJob(engine.client, periksaOf(kasus));
    expect(next.variables).toEqual({ kasus, urutan: 2 });
    expect(next.processInstanceKey).not.toBe(first.processInstanceKey);
  });
});

describe('event-based gateway', () => {
  const PINNED = Date.parse('2026-12-01T08:00:00Z');

  itWithClock(
    'should take the message path when the message comes first, and never the timer',
    async () => {
      // given an instance at the gateway (message, or a PT1H timer)
      const clock = clockOf(engine);
      await clock.pin(PINNED);
      await deployProcess(engine.client, 'messages-event-gateway.bpmn');
      const kasus = uniqueCase('jawab');
      const { processInstanceKey } = await startInstance(engine.client, 'messages-event-gateway', {
        kasus,
      });

      // when the message is published
      await publish('messages-gw-jawaban', kasus, { jawaban: 'setuju' });

      // then the message path is taken
      const dijawab = await activateJob(engine.client, {
        type: 'messages-gw-dijawab',
        processInstanceKey,
      });
      expect(dijawab.variables).toEqual({ kasus, jawaban: 'setuju' });

      // and the timer path never is, even after the timer would have been due
      await clock.add(2 * HOUR);
      await expectNoJobs(engine.client, { type: 'messages-gw-kedaluwarsa', processInstanceKey });
    },
  );

  itWithClock(
    'should take the timer path when the timer fires first, and ignore a later message',
    async () => {
      // given an instance at the gateway
      const clock = clockOf(engine);
      await clock.pin(PINNED);
      await deployProcess(engine.client, 'messages-event-gateway.bpmn');
      const kasus = uniqueCase('kedaluwarsa');
      const { processInstanceKey } = await startInstance(engine.client, 'messages-event-gateway', {
        kasus,
      });

      // when the timer fires
      await clock.add(HOUR);

      // then the timer path is taken
      await activateJob(engine.client, { type: 'messages-gw-kedaluwarsa', processInstanceKey });

      // and a message published afterwards is not correlated to the instance
      await publish('messages-gw-jawaban', kasus, { jawaban: 'terlambat' });
      await expectNoJobs(engine.client, { type: 'messages-gw-dijawab', processInstanceKey });
    },
  );
});

describe('message event subprocess', () => {
  it('should cancel the work of the scope when an interrupting message event subprocess starts', async () => {
    // given an instance working on its task
    await deployProcess(engine.client, 'messages-event-subprocess.bpmn');
    const kasus = uniqueCase('esp');
    const { processInstanceKey } = await startInstance(engine.client, 'messages-event-subprocess', {
      kasus,
    });
    const kerja = await activateJob(engine.client, {
      type: 'messages-esp-kerja',
      processInstanceKey,
    });

    // when
    await publish('messages-esp-batal', kasus, { alasan: 'ditarik' });

    // then the event subprocess runs, the task's job is gone and the normal path never runs
    const batal = await activateJob(engine.client, {
      type: 'messages-esp-batal',
      processInstanceKey,
    });
    expect(batal.variables).toEqual({ kasus, alasan: 'ditarik' });
    await expectJobGone(engine.client, kerja.key);
    await expectNoJobs(engine.client, { type: 'messages-esp-lanjut', processInstanceKey });

    // and the instance ends with the event subprocess
    await engine.client.completeJob({ jobKey: batal.key, variables: {} });
    await expectEnded(engine.client, processInstanceKey);
  });
});
