/**
 * bench/message-correlation: how fast published messages resume instances that wait for them.
 *
 * Each instance waits at a message catch event whose correlation key is its own (`= key`, unique
 * per instance), then a service task. Three runs, each with its own process and message name:
 *
 * - subscriptions open, TTL 0: N instances wait, then N messages are published (100 in flight);
 * - subscriptions open, TTL 1 h: the same, with a time to live, as clients often publish to cover
 *   a subscription that opens late (the engine then also keeps the message and its correlation);
 * - buffered: N messages with TTL 1 h are published first, then N instances are created; each takes
 *   its message when its subscription opens.
 *
 * A run is done when every follow-up job exists. The peer, in the same run and the same engine, is
 * a plain CompleteJob: N instances wait at a service task and completing its job moves them to the
 * next one — the same "resume a waiting instance, make the next job" step, without a message.
 *
 *   npm run bench:messages                       # the full run, about 2–3 minutes
 *   BENCH_MESSAGES=2000 npm run bench:messages   # a shorter run while working on the bench
 */
import { performance } from 'node:perf_hooks';

import {
  closedLoop,
  CpuMeter,
  deploy,
  describeErrors,
  ms,
  percentiles,
  positiveInteger,
  printMachine,
  printProblems,
  printTable,
  startDatabase,
  startEngine,
  waitUntil,
} from './support.mjs';

const settings = {
  messages: positiveInteger('BENCH_MESSAGES', 10_000),
  warmup: positiveInteger('BENCH_WARMUP', 500),
  /** Publishes (and completions, in the peer) in flight. */
  concurrency: positiveInteger('BENCH_CONCURRENCY', 100),
  /** Instance creations in flight, when instances are only being set up. */
  setupConcurrency: positiveInteger('BENCH_SETUP_CONCURRENCY', 200),
  ttlMs: positiveInteger('BENCH_TTL_S', 3600) * 1000,
  phaseLimitMs: positiveInteger('BENCH_PHASE_LIMIT_S', 120) * 1000,
};

const rows = [];
const problems = [];
const facts = [];

async function main() {
  const startedAt = performance.now();
  const n = settings.messages;
  console.log(
    `message-correlation: ${n} messages per run, ${settings.concurrency} in flight, unique correlation keys; ` +
      `peer: ${n} CompleteJob calls\n`,
  );
  const db = await startDatabase();
  let engine;
  let client;
  try {
    ({ engine, client } = await startEngine(db.pool));
    const bench = { pool: db.pool, client, pgPid: db.pg.pid };
    for (const name of ['warmup', 'open-ttl0', 'open-ttl', 'buffered']) {
      await deploy(client, messageProcess(name), `bench-message-${name}.bpmn`);
    }
    await deploy(client, twoTasksProcess, 'bench-two-tasks.bpmn');

    await subscriptionsFirst(bench, 'warmup', settings.warmup, 0, false);
    await subscriptionsFirst(bench, 'open-ttl0', n, 0, true);
    await subscriptionsFirst(bench, 'open-ttl', n, settings.ttlMs, true);
    await messagesFirst(bench, 'buffered', n);
    await completeJobPeer(bench, n);

    printResults();
    printRatios();
    const { rows: left } = await db.pool.query(
      `select (select count(*) from engine.message_subscriptions)::int as subscriptions,
              (select count(*) from engine.messages)::int as messages,
              (select count(*) from engine.incidents)::int as incidents`,
    );
    facts.push(
      `left at the end: ${left[0].subscriptions} message subscriptions, ${left[0].messages} buffered messages ` +
        `(the TTL runs' ${2 * n}, kept for their TTL), ${left[0].incidents} incidents`,
    );
    if (left[0].subscriptions !== 0)
      problems.push(`${left[0].subscriptions} message subscriptions are still open`);
    if (left[0].incidents !== 0) problems.push(`${left[0].incidents} incidents`);
    await printMachine(db.pool, (performance.now() - startedAt) / 1000, facts);
  } finally {
    await client?.close().catch((error) => problems.push(`client.close: ${error.message}`));
    await engine?.stop().catch((error) => problems.push(`engine.stop: ${error.message}`));
    await db.stop();
  }
  printProblems(problems);
}

// ---- the processes --------------------------------------------------------------------------------

/** start → wait for message `bench-<name>` (correlation key `= key`) → task `bench-<name>-done`. */
function messageProcess(name) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_bench_message_${name}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:message id="message" name="bench-${name}">
    <bpmn:extensionElements><zeebe:subscription correlationKey="= key" /></bpmn:extensionElements>
  </bpmn:message>
  <bpmn:process id="bench-message-${name}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="message" /></bpmn:intermediateCatchEvent>
    <bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="bench-${name}-done" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="task" />
    <bpmn:sequenceFlow id="f3" sourceRef="task" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

/** The peer: start → task `bench-peer-wait` → task `bench-peer-next` → end. */
const twoTasksProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_bench_two_tasks" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="bench-two-tasks" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="first"><bpmn:extensionElements><zeebe:taskDefinition type="bench-peer-wait" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:serviceTask id="next"><bpmn:extensionElements><zeebe:taskDefinition type="bench-peer-next" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="first" />
    <bpmn:sequenceFlow id="f2" sourceRef="first" targetRef="next" />
    <bpmn:sequenceFlow id="f3" sourceRef="next" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

// ---- the runs -----------------------------------------------------------------------------------

/** N instances wait first; then N messages are published and correlate at once. */
async function subscriptionsFirst(bench, name, count, ttlMs, measured) {
  const { pool, client } = bench;
  const label = `${name}: subscriptions open, TTL ${ttlMs === 0 ? '0' : `${ttlMs / 1000} s`}`;
  const instanceKeys = await createWaiting(bench, name, count, label);
  const open = await waitUntil(
    async () => (await countOf(pool, 'message_subscriptions', name)) >= instanceKeys.length,
    30_000,
  );
  if (!open) problems.push(`${label}: not all ${instanceKeys.length} subscriptions opened`);

  const cpu = new CpuMeter(bench.pgPid).start();
  const t0 = performance.now();
  const published = await closedLoop(count, settings.concurrency, settings.phaseLimitMs, (i) =>
    client.publishMessage({
      name: `bench-${name}`,
      correlationKey: `${name}-${i}`,
      variables: { n: i },
      timeToLive: ttlMs,
    }),
  );
  const all = await waitUntil(
    async () => (await countJobs(pool, `bench-${name}-done`)) >= instanceKeys.length,
    settings.phaseLimitMs,
  );
  const elapsedMs = performance.now() - t0;
  const cpuText = cpu.stop();
  problems.push(...describeErrors(`${label}: publishMessage`, published.errors));
  if (published.cut) problems.push(`${label}: publishing stopped at its time limit`);
  if (!all) problems.push(`${label}: not every instance got its message`);
  const remaining = await countOf(pool, 'message_subscriptions', name);
  if (remaining !== 0) problems.push(`${label}: ${remaining} subscriptions still open`);
  await checkCorrelated(bench, name, instanceKeys.length, label);
  report(label, measured, {
    run: `subscriptions open, publish with TTL ${ttlMs === 0 ? '0' : `${ttlMs / 1000} s`}`,
    call: 'PublishMessage',
    loop: published,
    elapsedMs,
    cpu: cpuText,
  });
}

/** N messages are published with a TTL first; then N instances take them as they start waiting. */
async function messagesFirst(bench, name, count) {
  const { pool, client } = bench;
  const label = `${name}: messages first`;
  let cpu = new CpuMeter(bench.pgPid).start();
  const buffered = await closedLoop(count, settings.concurrency, settings.phaseLimitMs, (i) =>
    client.publishMessage({
      name: `bench-${name}`,
      correlationKey: `${name}-${i}`,
      variables: { n: i },
      timeToLive: settings.ttlMs,
    }),
  );
  let cpuText = cpu.stop();
  problems.push(...describeErrors(`${label}: publishMessage`, buffered.errors));
  const { rows } = await pool.query(
    'select count(*)::int as n from engine.messages where name = $1',
    [`bench-${name}`],
  );
  if (rows[0].n !== count)
    problems.push(`${label}: ${rows[0].n} messages buffered, expected ${count}`);
  report(label, true, {
    run: `buffered: publish ${count} with TTL ${settings.ttlMs / 1000} s, no subscription yet`,
    call: 'PublishMessage',
    loop: buffered,
    elapsedMs: buffered.elapsedMs,
    cpu: cpuText,
    unit: 'stored',
  });

  cpu = new CpuMeter(bench.pgPid).start();
  const t0 = performance.now();
  const instanceKeys = [];
  const created = await closedLoop(
    count,
    settings.concurrency,
    settings.phaseLimitMs,
    async (i) => {
      const instance = await client.createProcessInstance({
        bpmnProcessId: `bench-message-${name}`,
        variables: { key: `${name}-${i}`, i },
      });
      instanceKeys.push(instance.processInstanceKey);
    },
  );
  const all = await waitUntil(
    async () => (await countJobs(pool, `bench-${name}-done`)) >= instanceKeys.length,
    settings.phaseLimitMs,
  );
  const elapsedMs = performance.now() - t0;
  cpuText = cpu.stop();
  problems.push(...describeErrors(`${label}: createProcessInstance`, created.errors));
  if (!all) problems.push(`${label}: not every instance took its buffered message`);
  const remaining = await countOf(pool, 'message_subscriptions', name);
  if (remaining !== 0) problems.push(`${label}: ${remaining} subscriptions still open`);
  await checkCorrelated(bench, name, instanceKeys.length, label);
  report(label, true, {
    run: `buffered: then create ${count} instances, each takes its message`,
    call: 'CreateProcessInstance',
    loop: created,
    elapsedMs,
    cpu: cpuText,
  });
}

/** The peer: N instances wait at a service task; completing each job moves it to the next. */
async function completeJobPeer(bench, count) {
  const { pool, client } = bench;
  const label = 'peer';
  // Timed too: creating an instance that stops at a task, to set beside the buffered run.
  let cpu = new CpuMeter(bench.pgPid).start();
  const t0 = performance.now();
  const created = await closedLoop(count, settings.concurrency, settings.phaseLimitMs, () =>
    client.createProcessInstance({ bpmnProcessId: 'bench-two-tasks', variables: {} }),
  );
  const waiting = await waitUntil(
    async () => (await countJobs(pool, 'bench-peer-wait')) >= created.latencies.length,
    settings.phaseLimitMs,
  );
  let elapsedMs = performance.now() - t0;
  let cpuText = cpu.stop();
  problems.push(...describeErrors(`${label}: createProcessInstance`, created.errors));
  if (!waiting) problems.push(`${label}: not every instance reached its first task`);
  report(label, true, {
    run: `peer: create ${count} instances that stop at a task`,
    call: 'CreateProcessInstance',
    loop: created,
    elapsedMs,
    cpu: cpuText,
    unit: 'created',
  });

  const jobKeys = [];
  while (jobKeys.length < created.latencies.length) {
    const jobs = await client.activateJobs({
      type: 'bench-peer-wait',
      worker: 'bench-peer',
      maxJobsToActivate: 1000,
      timeout: 600_000,
      requestTimeout: 5_000,
    });
    if (jobs.length === 0) break;
    for (const job of jobs) jobKeys.push(job.key);
  }
  if (jobKeys.length !== created.latencies.length)
    problems.push(
      `${label}: activated ${jobKeys.length} jobs, expected ${created.latencies.length}`,
    );

  cpu = new CpuMeter(bench.pgPid).start();
  const t1 = performance.now();
  const completed = await closedLoop(
    jobKeys.length,
    settings.concurrency,
    settings.phaseLimitMs,
    (i) => client.completeJob({ jobKey: jobKeys[i], variables: {} }),
  );
  const all = await waitUntil(
    async () => (await countJobs(pool, 'bench-peer-next')) >= jobKeys.length,
    settings.phaseLimitMs,
  );
  elapsedMs = performance.now() - t1;
  cpuText = cpu.stop();
  problems.push(...describeErrors(`${label}: completeJob`, completed.errors));
  if (!all) problems.push(`${label}: not every instance reached its second task`);
  report(label, true, {
    run: `peer: complete ${jobKeys.length} jobs, each instance moves to its next task`,
    call: 'CompleteJob',
    loop: completed,
    elapsedMs,
    cpu: cpuText,
  });
}

// ---- helpers ------------------------------------------------------------------------------------

/** Creates `count` instances waiting for message `bench-<name>` with keys `<name>-<i>` (untimed). */
async function createWaiting(bench, name, count, label) {
  const instanceKeys = [];
  const created = await closedLoop(
    count,
    settings.setupConcurrency,
    settings.phaseLimitMs,
    async (i) => {
      const instance = await bench.client.createProcessInstance({
        bpmnProcessId: `bench-message-${name}`,
        variables: { key: `${name}-${i}`, i },
      });
      instanceKeys.push(instance.processInstanceKey);
    },
  );
  problems.push(...describeErrors(`${label}: createProcessInstance`, created.errors));
  return instanceKeys;
}

/**
 * Every follow-up job must carry the message meant for its instance: `n` (from the message) equal
 * to `i` (the instance's own). The jobs are activated for that and left as they are.
 */
async function checkCorrelated(bench, name, expected, label) {
  let seen = 0;
  let wrong = 0;
  for (;;) {
    const jobs = await bench.client.activateJobs({
      type: `bench-${name}-done`,
      worker: 'bench-check',
      maxJobsToActivate: 1000,
      timeout: 600_000,
      requestTimeout: -1,
    });
    if (jobs.length === 0) break;
    seen += jobs.length;
    for (const job of jobs) if (job.variables.n !== job.variables.i) wrong++;
  }
  if (seen !== expected) problems.push(`${label}: ${seen} follow-up jobs, expected ${expected}`);
  if (wrong > 0) problems.push(`${label}: ${wrong} instances got another instance's message`);
}

async function countJobs(pool, type) {
  const { rows } = await pool.query('select count(*)::int as n from engine.jobs where type = $1', [
    type,
  ]);
  return rows[0].n;
}

async function countOf(pool, table, name) {
  const { rows } = await pool.query(
    `select count(*)::int as n from engine.${table} where bpmn_process_id = $1`,
    [`bench-message-${name}`],
  );
  return rows[0].n;
}

function report(label, measured, { run, call, loop, elapsedMs, cpu, unit }) {
  const latency = percentiles(loop.latencies);
  const perSecond = loop.latencies.length / (elapsedMs / 1000);
  console.log(
    `  ${label} — ${run}: ${loop.latencies.length}/${loop.launched} ${call} in ${(elapsedMs / 1000).toFixed(1)} s ` +
      `(${perSecond.toFixed(0)}/s, p50 ${ms(latency.p50)} ms, p99 ${ms(latency.p99)} ms)`,
  );
  if (!measured) return;
  rows.push({
    run,
    call,
    done: `${loop.latencies.length}/${loop.launched}`,
    failed: loop.errors.length,
    seconds: elapsedMs / 1000,
    perSecond,
    unit: unit ?? 'resumed',
    latency,
    cpu,
  });
}

// ---- output -------------------------------------------------------------------------------------

function printResults() {
  printTable(
    'RESULTS',
    [
      ['run', (r) => r.run, 'left'],
      ['call', (r) => r.call, 'left'],
      ['done', (r) => r.done, 'right'],
      ['failed', (r) => r.failed, 'right'],
      ['seconds', (r) => r.seconds.toFixed(1), 'right'],
      ['per s', (r) => `${r.perSecond.toFixed(0)} ${r.unit}`, 'right'],
      ['call p50 ms', (r) => ms(r.latency.p50), 'right'],
      ['p95', (r) => ms(r.latency.p95), 'right'],
      ['p99', (r) => ms(r.latency.p99), 'right'],
      ['max', (r) => ms(r.latency.max), 'right'],
      ['cpu', (r) => r.cpu, 'left'],
    ],
    rows,
  );
  console.log(
    '  per s: instances resumed or created (their next job exists) or messages stored, per second from the first call until the last is done',
  );
}

function printRatios() {
  const find = (prefix) => rows.find((r) => r.run.startsWith(prefix));
  const peer = find('peer: complete');
  const peerCreate = find('peer: create');
  console.log('\nRATIO');
  for (const row of rows.filter((r) => r.run.startsWith('subscriptions open'))) {
    if (peer)
      console.log(
        `  ${row.run} / CompleteJob: ${(row.perSecond / peer.perSecond).toFixed(2)}× ` +
          `(${row.perSecond.toFixed(0)} / ${peer.perSecond.toFixed(0)} per s)`,
      );
  }
  const buffered = find('buffered: then create');
  if (buffered && peerCreate)
    console.log(
      `  buffered (create + correlate) / create that stops at a task: ${(buffered.perSecond / peerCreate.perSecond).toFixed(2)}× ` +
        `(${buffered.perSecond.toFixed(0)} / ${peerCreate.perSecond.toFixed(0)} per s)`,
    );
}

// Last, so that every constant above is initialised before the run begins.
await main();
