/**
 * What every conformance test needs to talk to the engine under test through the official
 * `@camunda8/sdk` client only: fixtures, job polling that answers at once, short polling loops
 * and a few probes. Nothing here waits for wall-clock time beyond a short polling loop.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import type { Zeebe } from '@camunda8/sdk';
import type {
  CreateProcessInstanceResponse,
  CreateProcessInstanceWithResultResponse,
  IOutputVariables,
  Job as SdkJob,
  JSONDoc,
  ProcessMetadata as SdkProcessMetadata,
} from '@camunda8/sdk/dist/zeebe/types.js';
import { status } from '@grpc/grpc-js';

import { startTestEngine, type TestClock, type TestEngine } from '../helpers/engine-harness.js';

export type Client = Zeebe.ZeebeGrpcClient;
export type Job = SdkJob;
export type ProcessMetadata = SdkProcessMetadata;

/** The worker name every activation of the suite uses; ActivatedJob.worker echoes it. */
export const WORKER = 'conformance';

/**
 * A key no engine has handed out: partition 1 (Zeebe keys are `(partition << 51) + counter`)
 * with a counter of 10^12 - 1, far beyond anything a test run creates.
 */
export const UNKNOWN_KEY = String((1n << 51n) + 999_999_999_999n);

export function fixture(name: string): string {
  return fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
}

/** A value unique to this run, so records left on a long-lived Zeebe by earlier runs never match. */
export function uniqueCase(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Retries `check` until it stops throwing, or rethrows its last failure after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 5000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await sleep(intervalMs);
  }
}

/** Deploys one fixture (or other content under a fixture's name) and returns its process. */
export async function deployProcess(
  client: Client,
  name: string,
  content?: Buffer,
): Promise<ProcessMetadata> {
  const response = await (content
    ? client.deployResource({ name, process: content })
    : client.deployResource({ processFilename: fixture(name) }));
  const deployed = response.deployments[0]?.process;
  if (!deployed) throw new Error(`deploying ${name} answered without process metadata`);
  return deployed;
}

const started = new Set<string>();

/** CreateProcessInstance, remembering the key so `cancelStartedInstances` can clean up. */
export async function startInstance(
  client: Client,
  bpmnProcessId: string,
  variables: JSONDoc = {},
  version?: number,
): Promise<CreateProcessInstanceResponse> {
  const created = await client.createProcessInstance({ bpmnProcessId, variables, version });
  started.add(created.processInstanceKey);
  return created;
}

/**
 * Cancels what the file's tests left running, so a long-lived Zeebe does not collect open jobs
 * that later runs would have to poll past. Instances that already ended answer NOT_FOUND.
 */
export async function cancelStartedInstances(client: Client): Promise<void> {
  for (const key of started) {
    await client.cancelProcessInstance(key).catch(() => undefined);
  }
  started.clear();
}

/**
 * CreateProcessInstanceWithResult for a test that drives the instance's jobs before it awaits the
 * result. The returned promise still rejects for whoever awaits it; the extra handler only keeps a
 * test that failed earlier from leaving an unhandled rejection behind.
 */
export function startInstanceWithResult(
  client: Client,
  bpmnProcessId: string,
  variables: JSONDoc,
  fetchVariables?: string[],
): Promise<CreateProcessInstanceWithResultResponse<IOutputVariables>> {
  const result = client.createProcessInstanceWithResult({
    bpmnProcessId,
    variables,
    fetchVariables,
    requestTimeout: 10_000,
  });
  void result.catch(() => undefined);
  return result;
}

export interface JobQuery {
  type: string;
  /** Keep only the jobs of this process instance. */
  processInstanceKey?: string;
  /** Keep only the jobs this returns true for (e.g. a case id in the variables). */
  where?: (job: Job) => boolean;
  fetchVariable?: string[];
  /** Job activation timeout in ms; 10 s unless a test is about timeouts. */
  timeout?: number;
}

function owned(query: JobQuery): (job: Job) => boolean {
  return (job) =>
    (query.processInstanceKey === undefined ||
      job.processInstanceKey === query.processInstanceKey) &&
    (query.where === undefined || query.where(job));
}

/**
 * One ActivateJobs call that answers at once (requestTimeout -1 disables long polling) and keeps
 * the jobs the test owns. Jobs of other instances that happen to match the type are activated
 * too and simply left to time out.
 */
export async function activateJobsNow(client: Client, query: JobQuery): Promise<Job[]> {
  const jobs = await client.activateJobs({
    type: query.type,
    worker: WORKER,
    maxJobsToActivate: 32,
    timeout: query.timeout ?? 10_000,
    requestTimeout: -1,
    ...(query.fetchVariable ? { fetchVariable: query.fetchVariable } : {}),
  });
  return jobs.filter(owned(query));
}

/** Polls until `count` owned jobs were activated, and returns all of them. */
export async function activateJobsEventually(
  client: Client,
  query: JobQuery,
  count: number,
  timeoutMs = 5000,
): Promise<Job[]> {
  const collected: Job[] = [];
  await eventually(async () => {
    collected.push(...(await activateJobsNow(client, query)));
    if (collected.length < count) {
      throw new Error(`${collected.length} of ${count} jobs of type ${query.type} activated`);
    }
  }, timeoutMs);
  return collected;
}

/** Polls until one owned job was activated. */
export async function activateJob(client: Client, query: JobQuery, timeoutMs = 5000): Promise<Job> {
  const [job] = await activateJobsEventually(client, query, 1, timeoutMs);
  if (!job) throw new Error(`no job of type ${query.type}`);
  return job;
}

/**
 * Asserts that no owned job becomes activatable for `forMs`. Engines create jobs while they
 * process follow-up records, so a single immediate poll would prove little; 300 ms of polling
 * covers that without slowing the suite down.
 */
export async function expectNoJobs(client: Client, query: JobQuery, forMs = 300): Promise<void> {
  const until = Date.now() + forMs;
  do {
    expect(await activateJobsNow(client, query)).toEqual([]);
    await sleep(50);
  } while (Date.now() < until);
}

/**
 * Whether a process instance is still active. SetVariables with an empty document changes
 * nothing; it answers NOT_FOUND once the instance has completed or was terminated.
 */
export async function instanceIsActive(
  client: Client,
  processInstanceKey: string,
): Promise<boolean> {
  try {
    await client.setVariables({
      elementInstanceKey: processInstanceKey,
      variables: {},
      local: false,
    });
    return true;
  } catch (error) {
    if (grpcCode(error) === status.NOT_FOUND) return false;
    throw error;
  }
}

/** The numeric gRPC status of an SDK rejection (a grpc-js ServiceError), if it has one. */
export function grpcCode(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** Resolves with the rejection of a call that must fail, so a test can assert its code and text. */
export async function rejectionOf(
  call: Promise<unknown>,
): Promise<{ code: number; message: string }> {
  try {
    await call;
  } catch (error) {
    const code = grpcCode(error);
    if (code === undefined) throw error;
    return { code, message: error instanceof Error ? error.message : String(error) };
  }
  throw new Error('expected the call to be rejected, but it succeeded');
}

/**
 * The gateway protocol has no RPC that lists incidents: ResolveIncident needs a key that only
 * Zeebe's exporters (and so Operate) ever see. Tests that resolve an incident therefore run only
 * against the embedded engine, whose harness offers `incidentKeys(processInstanceKey)`; against a
 * Zeebe gateway they are reported as skipped.
 */
export const itResolvingIncidents: jest.It = process.env.ZEEBE_GRPC_ADDRESS ? it.skip : it;

/** Polls until the instance has exactly one unresolved incident, and returns its key. */
export async function theIncidentOf(
  engine: TestEngine,
  processInstanceKey: string,
): Promise<string> {
  const { incidentKeys } = engine;
  if (!incidentKeys) throw new Error('this engine cannot list incident keys');
  return eventually(async () => {
    const [key, ...others] = await incidentKeys(processInstanceKey);
    if (key === undefined || others.length > 0) {
      throw new Error(`expected one incident of instance ${processInstanceKey}`);
    }
    return key;
  });
}

/**
 * Polls until the instance has ended (completed or terminated), as SetVariables tells it:
 * `instanceIsActive` answers false once it is gone.
 */
export async function expectEnded(client: Client, processInstanceKey: string): Promise<void> {
  await eventually(async () =>
    expect(await instanceIsActive(client, processInstanceKey)).toBe(false),
  );
}

/**
 * Asserts that a job no longer exists, as CompleteJob tells it: NOT_FOUND. Use it only where the
 * job must be gone: if it still exists, the call completes it and the assertion fails.
 */
export async function expectJobGone(client: Client, jobKey: string): Promise<void> {
  await expect(client.completeJob({ jobKey, variables: {} })).rejects.toMatchObject({
    code: status.NOT_FOUND,
  });
}

/** Job keys grow with creation on a partition, so they tell which of two jobs was created first. */
export function createdBefore(first: Job, second: Job): boolean {
  return BigInt(first.key) < BigInt(second.key);
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/**
 * Timer tests move the engine's clock instead of waiting, and only the embedded engine lets a test
 * do that (`engine.clock`, offered exactly when ZEEBE_GRPC_ADDRESS is unset). Against a Zeebe
 * gateway they are reported as skipped.
 */
export const itWithClock: jest.It = process.env.ZEEBE_GRPC_ADDRESS ? it.skip : it;

/** The engine's clock, for a test declared with `itWithClock`. */
export function clockOf(engine: TestEngine): TestClock {
  if (!engine.clock)
    throw new Error('this engine offers no clock: declare the test with itWithClock');
  return engine.clock;
}

/**
 * Tests of the embedded engine's own answers (not Zeebe behaviour). `engine.embedded` is true
 * exactly when ZEEBE_GRPC_ADDRESS is unset, which is when these run.
 */
export const itOnEmbeddedEngine: jest.It = process.env.ZEEBE_GRPC_ADDRESS ? it.skip : it;

/**
 * The engine of a test file: started before its tests, stopped after them (cancelling what they
 * started), and the clock back to normal after each test. The returned object stands for the
 * started engine inside the tests.
 */
export function useEngine(): TestEngine {
  let started: TestEngine | undefined;
  const current = (): TestEngine => {
    if (!started) throw new Error('the engine starts in beforeAll: use it inside a test');
    return started;
  };
  beforeAll(async () => {
    started = await startTestEngine();
  });
  afterEach(async () => {
    await started?.clock?.reset();
  });
  afterAll(async () => {
    if (!started) return;
    await cancelStartedInstances(started.client);
    await started.stop();
  });
  return {
    get address() {
      return current().address;
    },
    get client() {
      return current().client;
    },
    get embedded() {
      return current().embedded;
    },
    get clock() {
      return current().clock;
    },
    get incidentKeys() {
      return current().incidentKeys;
    },
    stop: () => current().stop(),
  };
}
