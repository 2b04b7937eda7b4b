/**
 * The embedded engine's service layer: each gateway RPC becomes one command on the queue, which
 * loads what it needs through the batch, runs the pure runtime and writes the result. Replies go
 * out only after the batch has committed, so an acknowledged command survives a crash.
 */
import { createHash } from 'node:crypto';

import type pg from 'pg';

import type { Clock } from '../../platform/src/clock.js';
import type { Logger } from '../../platform/src/log/logger.js';
import { CommandQueue } from './command-queue.js';
import { type DefinitionMeta, DefinitionRegistry } from './definitions.js';
import {
  DeadlineExceededError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
} from './errors.js';
import { InvalidResourceError, parseBpmn } from './model/parse-bpmn.js';
import type { ProcessModel } from './model/process-model.js';
import type { Effect } from './runtime/effects.js';
import type { ProcessInstanceState, Variables } from './runtime/instance-state.js';
import {
  ProcessInstanceRuntime,
  type RuntimeContext,
  RuntimeRejection,
} from './runtime/process-instance-runtime.js';
import { visibleVariables } from './runtime/visible-variables.js';
import type { Batch } from './store/batch.js';
import { KeyAllocator } from './store/key-allocator.js';
import { type DbJob, iso, type JobRow, toJobRow } from './store/rows.js';

export interface ActivatedJob extends JobRow {
  variables: Variables;
  deadline: number;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
}

export interface CreatedInstance {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: string;
}

type InstanceWaiter = {
  resolve(variables: Variables): void;
  reject(error: Error): void;
};

export interface EngineOptions {
  pool: pg.Pool;
  clock: Clock;
  log: Logger;
}

export class Engine {
  private readonly queue: CommandQueue;
  private readonly definitions: DefinitionRegistry;
  private readonly keys: KeyAllocator;
  private readonly waiters = new Map<string, InstanceWaiter[]>();
  private readonly jobListeners = new Set<(types: ReadonlySet<string>) => void>();

  private constructor(private readonly options: EngineOptions) {
    this.keys = new KeyAllocator(options.pool);
    this.definitions = new DefinitionRegistry(options.pool);
    this.queue = new CommandQueue(options.pool, this.keys, options.clock, options.log, (batch) => {
      if (batch.activatableTypes.size === 0) return;
      for (const listener of this.jobListeners) listener(batch.activatableTypes);
    });
  }

  static async start(options: EngineOptions): Promise<Engine> {
    const engine = new Engine(options);
    await engine.definitions.load();
    return engine;
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    for (const [, waiters] of this.waiters) {
      for (const waiter of waiters)
        waiter.reject(new FailedPreconditionError('the engine is stopping'));
    }
    this.waiters.clear();
  }

  /** Called after each commit with the job types that have new activatable jobs. */
  onJobsActivatable(listener: (types: ReadonlySet<string>) => void): () => void {
    this.jobListeners.add(listener);
    return () => this.jobListeners.delete(listener);
  }

  // ---- deployment ------------------------------------------------------------------------------

  /** Deploys all resources or none: every resource is validated before anything is stored. */
  async deploy(
    resources: Array<{ name: string; content: string }>,
  ): Promise<{ key: string; processes: DeployedProcess[] }> {
    if (resources.length === 0)
      throw new InvalidArgumentError('Expected to deploy at least one resource, but none given');
    const parsed: Array<{ name: string; content: string; models: ProcessModel[] }> = [];
    const problems: string[] = [];
    for (const resource of resources) {
      if (!/\.(bpmn|xml)$/i.test(resource.name)) {
        problems.push(
          `'${resource.name}': only BPMN resources (.bpmn) are supported by the embedded engine`,
        );
        continue;
      }
      try {
        parsed.push({
          ...resource,
          models: (await parseBpmn(resource.name, resource.content)).processes,
        });
      } catch (error) {
        if (!(error instanceof InvalidResourceError)) throw error;
        problems.push(error.message);
      }
    }
    const ids = parsed.flatMap((r) => r.models.map((m) => m.bpmnProcessId));
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate)
      problems.push(`the process id '${duplicate}' is deployed twice in one deployment`);
    if (problems.length > 0) {
      throw new InvalidArgumentError(
        `Expected to deploy new resources, but encountered the following errors:\n${problems.join('\n')}`,
      );
    }

    return this.queue.submit(
      async (batch) => {
        const deploymentKey = this.keys.nextKey();
        await batch.client.query(
          'insert into engine.deployments (key, deployed_at) values ($1, $2)',
          [deploymentKey, iso(batch.now)],
        );
        const processes: DeployedProcess[] = [];
        const added: Array<{ meta: DefinitionMeta; model: ProcessModel }> = [];
        for (const resource of parsed) {
          for (const model of resource.models) {
            const checksum = createHash('sha256').update(resource.content).digest('hex');
            const latest = this.definitions.latestVersion(model.bpmnProcessId);
            if (latest && latest.checksum === checksum) {
              processes.push({
                bpmnProcessId: latest.bpmnProcessId,
                version: latest.version,
                processDefinitionKey: latest.key,
                resourceName: latest.resourceName,
              });
              continue;
            }
            const meta: DefinitionMeta = {
              key: this.keys.nextKey(),
              bpmnProcessId: model.bpmnProcessId,
              version: (latest?.version ?? 0) + 1,
              resourceName: resource.name,
              checksum,
            };
            await batch.client.query(
              `insert into engine.process_definitions
                 (key, bpmn_process_id, version, resource_name, checksum, resource, deployment_key, deployed_at)
               values ($1, $2, $3, $4, $5, $6, $7, $8)`,
              [
                meta.key,
                meta.bpmnProcessId,
                meta.version,
                meta.resourceName,
                meta.checksum,
                resource.content,
                deploymentKey,
                iso(batch.now),
              ],
            );
            added.push({ meta, model });
            processes.push({
              bpmnProcessId: meta.bpmnProcessId,
              version: meta.version,
              processDefinitionKey: meta.key,
              resourceName: meta.resourceName,
            });
          }
        }
        batch.afterCommit(() => {
          for (const { meta, model } of added) this.definitions.add(meta, model);
        });
        return { key: deploymentKey, processes };
      },
      { alone: true },
    );
  }

  // ---- process instances -----------------------------------------------------------------------

  async createInstance(request: {
    processDefinitionKey?: string;
    bpmnProcessId?: string;
    version?: number;
    variables: Variables;
  }): Promise<CreatedInstance> {
    const meta = this.resolveDefinition(request);
    const model = await this.definitions.model(meta.key);
    return this.queue.submit(async (batch) =>
      this.startInstance(batch, meta, model, request.variables),
    );
  }

  /** Creates an instance and resolves with its final root variables when it completes. */
  async createInstanceAwaitingResult(
    request: {
      processDefinitionKey?: string;
      bpmnProcessId?: string;
      version?: number;
      variables: Variables;
    },
    timeoutMs: number,
  ): Promise<{ instance: CreatedInstance; variables: Variables }> {
    const meta = this.resolveDefinition(request);
    const model = await this.definitions.model(meta.key);
    let result!: Promise<Variables>;
    const instance = await this.queue.submit(async (batch) => {
      const created = await this.startInstance(batch, meta, model, request.variables, (key) => {
        result = this.awaitInstance(key, timeoutMs);
        // Handled here so that a registration from a batch that was rolled back and retried (and
        // so never settles but by its timer) cannot surface as an unhandled rejection.
        result.catch(() => undefined);
      });
      return created;
    });
    return { instance, variables: await result };
  }

  async cancelInstance(processInstanceKey: string): Promise<void> {
    await this.queue.submit(async (batch) => {
      const state = await batch.instance(processInstanceKey);
      if (!state || state.state !== 'ACTIVE') {
        throw new NotFoundError(
          `Expected to cancel a process instance with key '${processInstanceKey}', but no such process was found`,
        );
      }
      if (state.parent) {
        throw new FailedPreconditionError(
          `Expected to cancel a process instance with key '${processInstanceKey}', but it is created by a parent process instance. Cancel the root process instance '${state.parent.processInstanceKey}' instead.`,
        );
      }
      await this.step(batch, state, (runtime) => runtime.cancel());
    });
  }

  async setVariables(
    elementInstanceKey: string,
    variables: Variables,
    local: boolean,
  ): Promise<string> {
    return this.queue.submit(async (batch) => {
      const state = await this.findInstanceOfScope(batch, elementInstanceKey);
      if (!state) {
        throw new NotFoundError(
          `Expected to update variables for element with key '${elementInstanceKey}', but no such element was found`,
        );
      }
      await this.step(batch, state, (runtime) =>
        runtime.setVariables(elementInstanceKey, variables, local),
      );
      return this.keys.nextKey();
    });
  }

  async resolveIncident(incidentKey: string): Promise<void> {
    await this.queue.submit(async (batch) => {
      const incident = await batch.incident(incidentKey);
      if (!incident || incident.state !== 'ACTIVE') {
        throw new NotFoundError(
          `Expected to resolve incident with key '${incidentKey}', but no such incident was found`,
        );
      }
      if (incident.jobKey) {
        const job = await batch.job(incident.jobKey);
        await batch.resolveIncident(incidentKey);
        if (!job) return;
        if (job.retries > 0) {
          batch.putJob({
            ...job,
            state: 'ACTIVATABLE',
            retryAt: null,
            deadline: null,
            worker: null,
          });
        } else {
          // The cause is still there (no retries were given): as in Zeebe, a new incident says so.
          batch.putIncident({ ...incident, key: this.keys.nextKey(), createdAt: batch.now });
        }
        return;
      }
      const state = await batch.instance(incident.processInstanceKey);
      if (!state)
        throw new NotFoundError(
          `Expected to resolve incident with key '${incidentKey}', but no such incident was found`,
        );
      await this.step(batch, state, (runtime) =>
        runtime.resolveIncident(incident.elementInstanceKey, incidentKey),
      );
    });
  }

  // ---- jobs ------------------------------------------------------------------------------------

  /**
   * Activates up to `max` activatable jobs of a type, oldest first. Does not wait: long polling is
   * the gateway's business (it calls again when onJobsActivatable names the type).
   */
  async activateJobs(request: {
    type: string;
    worker: string;
    timeoutMs: number;
    max: number;
    fetchVariables: string[];
  }): Promise<ActivatedJob[]> {
    return this.queue.submit(async (batch) => {
      await batch.flush();
      const deadline = batch.now + request.timeoutMs;
      // The engine is the only writer, so a plain claim suffices; SKIP LOCKED only keeps a stray
      // second engine on the same database from blocking.
      const { rows } = await batch.client.query<DbJob>(
        `with claimable as (
           select key from engine.jobs
           where type = $1 and state = 'ACTIVATABLE' and (retry_at is null or retry_at <= $2)
           order by key
           limit $3
           for update skip locked
         )
         update engine.jobs j
            set state = 'ACTIVATED', worker = $4, deadline = $5, retry_at = null
           from claimable c
          where j.key = c.key
         returning j.*`,
        [request.type, iso(batch.now), request.max, request.worker, iso(deadline)],
      );
      const jobs = rows.map(toJobRow).sort((a, b) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1));
      await batch.loadInstances([...new Set(jobs.map((j) => j.processInstanceKey))]);
      const activated: ActivatedJob[] = [];
      for (const job of jobs) {
        batch.cacheJob(job);
        const state = await batch.instance(job.processInstanceKey);
        const all = state ? visibleVariables(state, job.elementInstanceKey) : {};
        const variables =
          request.fetchVariables.length === 0
            ? all
            : Object.fromEntries(
                request.fetchVariables
                  .filter((name) => name in all)
                  .map((name) => [name, all[name]]),
              );
        activated.push({ ...job, deadline, variables });
      }
      return activated;
    });
  }

  async completeJob(jobKey: string, variables: Variables): Promise<void> {
    await this.queue.submit(async (batch) => {
      const job = await this.existingJob(batch, jobKey, 'complete');
      if (job.state === 'FAILED') {
        throw new FailedPreconditionError(
          `Expected to complete job with key '${jobKey}', but it is in state 'FAILED': resolve its incident first`,
        );
      }
      const state = await batch.instance(job.processInstanceKey);
      batch.deleteJob(jobKey);
      if (!state) return;
      await this.step(batch, state, (runtime) =>
        runtime.completeJob(job.elementInstanceKey, variables),
      );
    });
  }

  async failJob(request: {
    jobKey: string;
    retries: number;
    errorMessage: string;
    retryBackOffMs: number;
    variables: Variables;
  }): Promise<void> {
    await this.queue.submit(async (batch) => {
      const job = await this.existingJob(batch, request.jobKey, 'fail');
      if (job.state !== 'ACTIVATED') {
        throw new FailedPreconditionError(
          `Expected to fail activated job with key '${request.jobKey}', but it is not activated`,
        );
      }
      if (Object.keys(request.variables).length > 0) {
        const state = await batch.instance(job.processInstanceKey);
        // FailJob variables stay in the task's own scope (gateway.proto).
        if (state)
          await this.step(batch, state, (runtime) =>
            runtime.setVariables(job.elementInstanceKey, request.variables, true),
          );
      }
      const failed: JobRow = {
        ...job,
        retries: request.retries,
        errorMessage: request.errorMessage,
        worker: null,
        deadline: null,
      };
      if (request.retries > 0) {
        batch.putJob({
          ...failed,
          state: 'ACTIVATABLE',
          retryAt: request.retryBackOffMs > 0 ? batch.now + request.retryBackOffMs : null,
        });
        return;
      }
      batch.putJob({ ...failed, state: 'FAILED', retryAt: null });
      batch.putIncident({
        key: this.keys.nextKey(),
        type: 'JOB_NO_RETRIES',
        message: request.errorMessage || 'No more retries left.',
        processInstanceKey: job.processInstanceKey,
        elementInstanceKey: job.elementInstanceKey,
        elementId: job.elementId,
        bpmnProcessId: job.bpmnProcessId,
        processDefinitionKey: job.processDefinitionKey,
        jobKey: job.key,
        state: 'ACTIVE',
        createdAt: batch.now,
        resolvedAt: null,
      });
    });
  }

  async updateJobRetries(jobKey: string, retries: number): Promise<void> {
    if (retries < 1)
      throw new InvalidArgumentError(
        `Expected retries to be greater than zero, but it was ${retries}`,
      );
    await this.queue.submit(async (batch) => {
      const job = await this.existingJob(batch, jobKey, 'update retries of');
      batch.putJob({ ...job, retries });
    });
  }

  async updateJobTimeout(jobKey: string, timeoutMs: number): Promise<void> {
    await this.queue.submit(async (batch) => {
      const job = await this.existingJob(batch, jobKey, 'update the timeout of');
      if (job.state !== 'ACTIVATED') {
        throw new FailedPreconditionError(
          `Expected to update the timeout of job with key '${jobKey}', but it is not activated`,
        );
      }
      batch.putJob({ ...job, deadline: batch.now + timeoutMs });
    });
  }

  /**
   * Jobs whose activation timed out become activatable again (retries unchanged), and jobs whose
   * retry back-off has passed wake their workers. Run periodically by the engine's scheduler.
   */
  async expireJobs(): Promise<number> {
    return this.queue.submit(async (batch) => {
      await batch.flush();
      const expired = await batch.client.query<{ type: string }>(
        `update engine.jobs set state = 'ACTIVATABLE', worker = null, deadline = null
          where state = 'ACTIVATED' and deadline <= $1
         returning type`,
        [iso(batch.now)],
      );
      const due = await batch.client.query<{ type: string }>(
        `update engine.jobs set retry_at = null
          where state = 'ACTIVATABLE' and retry_at is not null and retry_at <= $1
         returning type`,
        [iso(batch.now)],
      );
      for (const row of [...expired.rows, ...due.rows]) batch.activatableTypes.add(row.type);
      return expired.rowCount ?? 0;
    });
  }

  // ---- internals -------------------------------------------------------------------------------

  private resolveDefinition(request: {
    processDefinitionKey?: string;
    bpmnProcessId?: string;
    version?: number;
  }): DefinitionMeta {
    if (request.processDefinitionKey && request.processDefinitionKey !== '0') {
      const meta = this.definitions.byDefinitionKey(request.processDefinitionKey);
      if (!meta)
        throw new NotFoundError(
          `Expected to find process definition with key '${request.processDefinitionKey}', but none found`,
        );
      return meta;
    }
    const id = request.bpmnProcessId ?? '';
    if (id === '')
      throw new InvalidArgumentError(
        'Expected either a processDefinitionKey or a bpmnProcessId, but none given',
      );
    const version = request.version ?? -1;
    const meta =
      version < 0 ? this.definitions.latestVersion(id) : this.definitions.byVersion(id, version);
    if (!meta) {
      throw new NotFoundError(
        version < 0
          ? `Expected to find process definition with process ID '${id}', but none found`
          : `Expected to find process definition with process ID '${id}' and version '${version}', but none found`,
      );
    }
    return meta;
  }

  private async startInstance(
    batch: Batch,
    meta: DefinitionMeta,
    model: ProcessModel,
    variables: Variables,
    beforeRun?: (key: string) => void,
  ): Promise<CreatedInstance> {
    const key = this.keys.nextKey();
    beforeRun?.(key);
    const runtime = ProcessInstanceRuntime.create(
      { key, processDefinitionKey: meta.key, version: meta.version },
      model,
      this.runtimeContext(),
    );
    try {
      runtime.start(variables);
    } catch (error) {
      this.waiters.delete(key);
      throw asEngineError(error);
    }
    batch.putInstance(runtime.state);
    await this.applyEffects(batch, runtime.effects);
    return {
      processDefinitionKey: meta.key,
      bpmnProcessId: meta.bpmnProcessId,
      version: meta.version,
      processInstanceKey: key,
    };
  }

  /** Runs one runtime command on a copy of the state; only a successful step is kept. */
  private async step(
    batch: Batch,
    state: ProcessInstanceState,
    command: (runtime: ProcessInstanceRuntime) => void,
  ): Promise<void> {
    const model = await this.definitions.model(state.processDefinitionKey, batch.client);
    const runtime = new ProcessInstanceRuntime(
      structuredClone(state),
      model,
      this.runtimeContext(),
    );
    try {
      command(runtime);
    } catch (error) {
      throw asEngineError(error);
    }
    batch.putInstance(runtime.state);
    await this.applyEffects(batch, runtime.effects);
  }

  private async applyEffects(batch: Batch, effects: Effect[]): Promise<void> {
    for (const effect of effects) {
      switch (effect.kind) {
        case 'createJob':
          batch.putJob({
            ...effect.job,
            state: 'ACTIVATABLE',
            worker: null,
            deadline: null,
            retryAt: null,
            errorMessage: null,
            createdAt: batch.now,
          });
          break;
        case 'cancelJob':
          batch.deleteJob(effect.jobKey);
          batch.resolveIncidentsOfJob(effect.jobKey);
          break;
        case 'createIncident':
          batch.putIncident({
            ...effect.incident,
            jobKey: effect.incident.jobKey ?? null,
            state: 'ACTIVE',
            createdAt: batch.now,
            resolvedAt: null,
          });
          break;
        case 'resolveIncident':
          await batch.resolveIncident(effect.incidentKey);
          break;
        case 'createChildInstance': {
          const meta = this.definitions.byDefinitionKey(
            effect.processDefinitionKey,
          ) as DefinitionMeta;
          const model = await this.definitions.model(meta.key, batch.client);
          const child = ProcessInstanceRuntime.create(
            {
              key: effect.childKey,
              processDefinitionKey: meta.key,
              version: meta.version,
              parent: {
                processInstanceKey: effect.parentInstanceKey,
                elementInstanceKey: effect.parentElementInstanceKey,
              },
            },
            model,
            this.runtimeContext(),
          );
          child.start(effect.variables);
          batch.putInstance(child.state);
          await this.applyEffects(batch, child.effects);
          break;
        }
        case 'cancelChildInstance': {
          const child = await batch.instance(effect.childKey);
          if (child?.state === 'ACTIVE')
            await this.step(batch, child, (runtime) => runtime.cancel());
          break;
        }
        case 'instanceCompleted': {
          const state = await batch.instance(effect.instanceKey);
          batch.afterCommit(() =>
            this.settleWaiters(effect.instanceKey, { variables: effect.variables }),
          );
          if (state?.parent) {
            const parent = await batch.instance(state.parent.processInstanceKey);
            const elementKey = state.parent.elementInstanceKey;
            if (parent?.state === 'ACTIVE')
              await this.step(batch, parent, (runtime) =>
                runtime.childCompleted(elementKey, effect.variables),
              );
          }
          break;
        }
        case 'instanceTerminated':
          batch.afterCommit(() =>
            this.settleWaiters(effect.instanceKey, {
              error: new FailedPreconditionError(
                `The process instance with key '${effect.instanceKey}' was terminated before it completed`,
              ),
            }),
          );
          break;
      }
    }
  }

  private runtimeContext(): RuntimeContext {
    return {
      nextKey: () => this.keys.nextKey(),
      latestDefinition: (bpmnProcessId) => {
        const meta = this.definitions.latestVersion(bpmnProcessId);
        const model = meta && this.definitions.cachedModel(meta.key);
        return meta && model ? { key: meta.key, version: meta.version, model } : undefined;
      },
    };
  }

  private async existingJob(batch: Batch, jobKey: string, action: string): Promise<JobRow> {
    const job = await batch.job(jobKey);
    if (!job)
      throw new NotFoundError(
        `Expected to ${action} job with key '${jobKey}', but no such job was found`,
      );
    return job;
  }

  /** The instance holding a scope: a process instance key, or an element instance inside one. */
  private async findInstanceOfScope(
    batch: Batch,
    scopeKey: string,
  ): Promise<ProcessInstanceState | undefined> {
    const direct = await batch.instance(scopeKey);
    if (direct) return direct.state === 'ACTIVE' ? direct : undefined;
    // Element instances live inside their instance's document; SetVariables on one is rare, so a
    // scan of the active instances is acceptable here.
    const { rows } = await batch.client.query<{ key: string }>(
      `select key from engine.process_instances where state = 'ACTIVE' and document -> 'elements' ? $1 limit 1`,
      [scopeKey],
    );
    return rows[0] ? batch.instance(rows[0].key) : undefined;
  }

  private awaitInstance(key: string, timeoutMs: number): Promise<Variables> {
    return new Promise<Variables>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settleWaiters(key, {
          error: new DeadlineExceededError(
            `Expected the process instance with key '${key}' to complete within ${timeoutMs} ms, but it did not`,
          ),
        });
      }, timeoutMs);
      const waiter: InstanceWaiter = {
        resolve: (variables) => {
          clearTimeout(timer);
          resolve(variables);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.set(key, [...(this.waiters.get(key) ?? []), waiter]);
    });
  }

  private settleWaiters(key: string, outcome: { variables: Variables } | { error: Error }): void {
    const waiters = this.waiters.get(key);
    if (!waiters) return;
    this.waiters.delete(key);
    for (const waiter of waiters) {
      if ('error' in outcome) waiter.reject(outcome.error);
      else waiter.resolve(outcome.variables);
    }
  }
}

function asEngineError(error: unknown): unknown {
  if (!(error instanceof RuntimeRejection)) return error;
  if (error.reason === 'NOT_FOUND') return new NotFoundError(error.message);
  if (error.reason === 'INVALID_ARGUMENT') return new InvalidArgumentError(error.message);
  return new FailedPreconditionError(error.message);
}
