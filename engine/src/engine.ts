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
  AlreadyExistsError,
  DeadlineExceededError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
} from './errors.js';
import { InvalidResourceError, parseBpmn } from './model/parse-bpmn.js';
import type { ElementModel, ProcessModel } from './model/process-model.js';
import type { Effect, NewMessageSubscription } from './runtime/effects.js';
import { catchTargetFor } from './runtime/event-catching.js';
import { Evaluator } from './runtime/evaluator.js';
import { nextRepetition, timerDueTime } from './runtime/timer-schedule.js';
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
        for (const { meta, model } of added) await this.scheduleStartTimers(batch, meta, model);
        batch.afterCommit(() => {
          for (const { meta, model } of added) this.definitions.add(meta, model);
        });
        return { key: deploymentKey, processes };
      },
      { alone: true },
    );
  }

  /**
   * A new version replaces the timer start events of the versions before it (Zeebe 8.5): their
   * timers are cancelled and the new version's are scheduled from now.
   */
  private async scheduleStartTimers(
    batch: Batch,
    meta: DefinitionMeta,
    model: ProcessModel,
  ): Promise<void> {
    const older = this.definitions.versionsOf(meta.bpmnProcessId).map((m) => m.key);
    if (older.length > 0) {
      await batch.flush();
      await batch.client.query(
        'delete from engine.timers where owner is null and process_definition_key = any($1::bigint[])',
        [older],
      );
    }
    const evaluator = new Evaluator(batch.now);
    for (const id of model.eventStartIds) {
      const start = model.elements.get(id);
      if (start?.event?.type !== 'timer') continue;
      const due = timerDueTime(start.event.timer, evaluator, {}, batch.now);
      if (!due.ok) throw new InvalidArgumentError(`Element '${id}': ${due.message}`);
      if (due.dueAt === undefined) continue;
      batch.subscriptions.openTimer({
        key: this.keys.nextKey(),
        owner: '',
        elementId: id,
        dueAt: due.dueAt,
        processInstanceKey: '',
        processDefinitionKey: meta.key,
        ...(due.cycle ? { cycle: due.cycle } : {}),
      });
    }
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

  // ---- events: errors, messages, signals, timers ---------------------------------------------

  /** ThrowError: the job's element throws a BPMN error that the nearest catch event takes. */
  async throwError(request: {
    jobKey: string;
    errorCode: string;
    errorMessage: string;
    variables: Variables;
  }): Promise<void> {
    if (request.errorCode.trim() === '')
      throw new InvalidArgumentError('Expected errorCode to be present, but it was blank');
    await this.queue.submit(async (batch) => {
      const job = await this.existingJob(batch, request.jobKey, 'throw an error for');
      if (job.state !== 'ACTIVATED') {
        throw new FailedPreconditionError(
          `Expected to throw an error for job with key '${request.jobKey}', but it is not activated`,
        );
      }
      const state = await batch.instance(job.processInstanceKey);
      // The job stops being activatable; if a catch event takes the error the job goes with its
      // element, otherwise it waits with an incident.
      batch.putJob({
        ...job,
        state: 'FAILED',
        errorMessage: request.errorMessage,
        worker: null,
        deadline: null,
      });
      if (!state) return;
      await this.step(batch, state, (runtime) =>
        runtime.throwError(
          job.elementInstanceKey,
          request.errorCode,
          request.errorMessage,
          request.variables,
        ),
      );
    });
  }

  /**
   * PublishMessage: correlate to the open subscriptions with the name and correlation key (one per
   * process), start instances at message start events, and keep the message for `timeToLiveMs`
   * for subscriptions that open later.
   */
  async publishMessage(request: {
    name: string;
    correlationKey: string;
    timeToLiveMs: number;
    messageId: string;
    variables: Variables;
  }): Promise<string> {
    if (request.name.trim() === '')
      throw new InvalidArgumentError('Expected message name to be present, but it was blank');
    return this.queue.submit(async (batch) => {
      await batch.flush();
      if (request.messageId !== '') {
        const { rowCount } = await batch.client.query(
          `select 1 from engine.messages where name = $1 and correlation_key = $2 and message_id = $3 and expires_at > $4`,
          [request.name, request.correlationKey, request.messageId, iso(batch.now)],
        );
        if (rowCount) {
          throw new AlreadyExistsError(
            `Expected to publish a new message with id '${request.messageId}', but a message with that id was already published`,
          );
        }
      }
      const messageKey = this.keys.nextKey();
      const correlated = await this.correlateMessage(
        batch,
        request.name,
        request.correlationKey,
        request.variables,
      );
      if (request.timeToLiveMs > 0) {
        await batch.client.query(
          `insert into engine.messages (key, name, correlation_key, message_id, variables, published_at, expires_at)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [
            messageKey,
            request.name,
            request.correlationKey,
            request.messageId || null,
            JSON.stringify(request.variables),
            iso(batch.now),
            iso(batch.now + request.timeToLiveMs),
          ],
        );
        for (const bpmnProcessId of correlated) {
          await batch.client.query(
            'insert into engine.message_correlations (message_key, bpmn_process_id) values ($1, $2)',
            [messageKey, bpmnProcessId],
          );
        }
      }
      return messageKey;
    });
  }

  /** BroadcastSignal: every open signal subscription of the name, and signal start events. */
  async broadcastSignal(name: string, variables: Variables): Promise<string> {
    if (name.trim() === '')
      throw new InvalidArgumentError('Expected signal name to be present, but it was blank');
    return this.queue.submit(async (batch) => {
      await this.broadcastInBatch(batch, name, variables);
      return this.keys.nextKey();
    });
  }

  /**
   * Fires the timers due at the clock's current reading, earliest first, up to `limit` of them.
   * Returns how many fired; the scheduler calls again while that equals the limit.
   */
  async fireDueTimers(limit = 100): Promise<number> {
    return this.queue.submit(async (batch) => {
      await batch.flush();
      const { rows } = await batch.client.query<{
        key: string;
        owner: string | null;
        element_id: string;
        process_instance_key: string | null;
        process_definition_key: string;
        due_at: Date;
        cycle: string | null;
        remaining: number | null;
      }>(
        `select key::text, owner::text, element_id, process_instance_key::text, process_definition_key::text, due_at, cycle, remaining
           from engine.timers where due_at <= $1 order by due_at, key limit $2`,
        [iso(batch.now), limit],
      );
      for (const row of rows) {
        const dueAt = row.due_at.getTime();
        const cycle =
          row.cycle === null ? undefined : { text: row.cycle, remaining: row.remaining };
        let stillWaiting = false;
        if (row.owner === null) {
          // A timer start event: a new instance, as long as its version is the latest.
          const meta = this.definitions.byDefinitionKey(row.process_definition_key);
          if (meta && this.definitions.latestVersion(meta.bpmnProcessId)?.key === meta.key) {
            const model = await this.definitions.model(meta.key, batch.client);
            await this.startInstance(batch, meta, model, {}, undefined, {
              elementId: row.element_id,
            });
            stillWaiting = true;
          }
        } else {
          const state = row.process_instance_key
            ? await batch.instance(row.process_instance_key)
            : undefined;
          if (state?.state === 'ACTIVE') {
            const owner = row.owner;
            let runtimeStillWaits = false;
            await this.step(batch, state, (runtime) => {
              if (runtime.trigger(owner, row.element_id, {}))
                runtimeStillWaits = runtime.stillWaits(owner);
            });
            stillWaiting = runtimeStillWaits;
          }
        }
        const next = cycle && stillWaiting ? nextRepetition(cycle, dueAt) : undefined;
        if (next) {
          batch.subscriptions.openTimer({
            key: row.key,
            owner: row.owner ?? '',
            elementId: row.element_id,
            dueAt: next.dueAt,
            processInstanceKey: row.process_instance_key ?? '',
            processDefinitionKey: row.process_definition_key,
            cycle: { text: cycle?.text ?? '', remaining: next.remaining },
          });
        } else {
          batch.subscriptions.deleteTimer(row.key);
        }
      }
      return rows.length;
    });
  }

  /** Buffered messages whose time to live has passed are forgotten. */
  async dropExpiredMessages(): Promise<void> {
    await this.queue.submit(async (batch) => {
      await batch.client.query('delete from engine.messages where expires_at <= $1', [
        iso(batch.now),
      ]);
    });
  }

  /** Correlates a message to open subscriptions and message start events; returns the processes. */
  private async correlateMessage(
    batch: Batch,
    name: string,
    correlationKey: string,
    variables: Variables,
  ): Promise<Set<string>> {
    const correlated = new Set<string>();
    const { rows } = await batch.client.query<{
      key: string;
      owner: string;
      element_id: string;
      process_instance_key: string;
      bpmn_process_id: string;
    }>(
      `select key::text, owner::text, element_id, process_instance_key::text, bpmn_process_id
         from engine.message_subscriptions where message_name = $1 and correlation_key = $2 order by key`,
      [name, correlationKey],
    );
    for (const row of rows) {
      // Zeebe correlates a message once per process, to one of its waiting instances.
      if (correlated.has(row.bpmn_process_id)) continue;
      const state = await batch.instance(row.process_instance_key);
      if (state?.state !== 'ACTIVE') continue;
      let fired = false;
      await this.step(batch, state, (runtime) => {
        fired = runtime.trigger(row.owner, row.element_id, variables);
      });
      if (fired) correlated.add(row.bpmn_process_id);
    }
    for (const { meta, model, start } of this.definitions.startEvents('message')) {
      if (correlated.has(meta.bpmnProcessId)) continue;
      const definition = start.event as Extract<
        NonNullable<ElementModel['event']>,
        { type: 'message' }
      >;
      if (definition.name.kind !== 'static' || definition.name.text !== name) continue;
      if (
        correlationKey !== '' &&
        (await this.hasActiveInstanceStartedBy(batch, meta.bpmnProcessId, name, correlationKey))
      )
        continue;
      await this.startInstance(batch, meta, model, variables, undefined, {
        elementId: start.id,
        startedBy: correlationKey === '' ? undefined : { messageName: name, correlationKey },
      });
      correlated.add(meta.bpmnProcessId);
    }
    return correlated;
  }

  /** A subscription that just opened takes the oldest buffered message meant for it. */
  private async correlateBufferedMessage(
    batch: Batch,
    subscription: NewMessageSubscription,
  ): Promise<void> {
    const { rows } = await batch.client.query<{ key: string; variables: Variables }>(
      `select m.key::text, m.variables from engine.messages m
        where m.name = $1 and m.correlation_key = $2 and m.expires_at > $3
          and not exists (select 1 from engine.message_correlations c where c.message_key = m.key and c.bpmn_process_id = $4)
        order by m.key limit 1`,
      [
        subscription.messageName,
        subscription.correlationKey,
        iso(batch.now),
        subscription.bpmnProcessId,
      ],
    );
    const message = rows[0];
    if (!message) return;
    // The correlation must see the subscription's instance as the runtime left it.
    const state = await batch.instance(subscription.processInstanceKey);
    if (!state || state.state !== 'ACTIVE') return;
    await batch.client.query(
      'insert into engine.message_correlations (message_key, bpmn_process_id) values ($1, $2)',
      [message.key, subscription.bpmnProcessId],
    );
    await this.step(batch, state, (runtime) => {
      runtime.trigger(subscription.owner, subscription.elementId, message.variables);
    });
  }

  /**
   * An instance created by a message start event ended: a message with the same correlation key
   * that was buffered meanwhile now starts the next instance (Zeebe's one-active-instance rule).
   */
  private async startFromBufferedMessage(batch: Batch, ended: ProcessInstanceState): Promise<void> {
    const startedBy = ended.startedBy;
    if (!startedBy) return;
    const { rows } = await batch.client.query<{ key: string; variables: Variables }>(
      `select m.key::text, m.variables from engine.messages m
        where m.name = $1 and m.correlation_key = $2 and m.expires_at > $3
          and not exists (select 1 from engine.message_correlations c where c.message_key = m.key and c.bpmn_process_id = $4)
        order by m.key limit 1`,
      [startedBy.messageName, startedBy.correlationKey, iso(batch.now), ended.bpmnProcessId],
    );
    const message = rows[0];
    if (!message) return;
    const found = [...this.definitions.startEvents('message')].find(
      ({ meta, start }) =>
        meta.bpmnProcessId === ended.bpmnProcessId &&
        start.event?.type === 'message' &&
        start.event.name.kind === 'static' &&
        start.event.name.text === startedBy.messageName,
    );
    if (!found) return;
    await batch.client.query(
      'insert into engine.message_correlations (message_key, bpmn_process_id) values ($1, $2)',
      [message.key, ended.bpmnProcessId],
    );
    await this.startInstance(batch, found.meta, found.model, message.variables, undefined, {
      elementId: found.start.id,
      startedBy,
    });
  }

  private async hasActiveInstanceStartedBy(
    batch: Batch,
    bpmnProcessId: string,
    name: string,
    correlationKey: string,
  ): Promise<boolean> {
    await batch.flush();
    const { rowCount } = await batch.client.query(
      `select 1 from engine.process_instances
        where bpmn_process_id = $1 and state = 'ACTIVE'
          and document -> 'startedBy' ->> 'messageName' = $2 and document -> 'startedBy' ->> 'correlationKey' = $3
        limit 1`,
      [bpmnProcessId, name, correlationKey],
    );
    return (rowCount ?? 0) > 0;
  }

  private async broadcastInBatch(batch: Batch, name: string, variables: Variables): Promise<void> {
    await batch.flush();
    const { rows } = await batch.client.query<{
      owner: string;
      element_id: string;
      process_instance_key: string;
    }>(
      `select owner::text, element_id, process_instance_key::text from engine.signal_subscriptions where signal_name = $1 order by key`,
      [name],
    );
    for (const row of rows) {
      const state = await batch.instance(row.process_instance_key);
      if (state?.state !== 'ACTIVE') continue;
      await this.step(batch, state, (runtime) => {
        runtime.trigger(row.owner, row.element_id, variables);
      });
    }
    for (const { meta, model, start } of this.definitions.startEvents('signal')) {
      const definition = start.event as Extract<
        NonNullable<ElementModel['event']>,
        { type: 'signal' }
      >;
      if (definition.name.kind !== 'static' || definition.name.text !== name) continue;
      await this.startInstance(batch, meta, model, variables, undefined, { elementId: start.id });
    }
  }

  /**
   * An error or escalation that no catch event in `child` takes travels up the call activities.
   * An error that nothing catches ends as an incident where it was thrown.
   */
  private async throwToAncestors(
    batch: Batch,
    child: ProcessInstanceState,
    effect: Extract<Effect, { kind: 'throwToParent' }>,
  ): Promise<void> {
    let current: ProcessInstanceState | undefined = child;
    while (current?.parent) {
      const parent = await batch.instance(current.parent.processInstanceKey);
      if (!parent || parent.state !== 'ACTIVE') break;
      const callActivity = parent.elements[current.parent.elementInstanceKey];
      if (!callActivity) break;
      const model = await this.definitions.model(parent.processDefinitionKey, batch.client);
      if (catchTargetFor(parent, model, callActivity, effect.event, effect.code, true)) {
        await this.step(batch, parent, (runtime) =>
          runtime.catchFromChild(
            callActivity.key,
            effect.event,
            effect.code,
            effect.message,
            effect.variables,
            effect.origin,
          ),
        );
        return;
      }
      current = parent;
    }
    if (effect.event === 'error') {
      const latest = (await batch.instance(child.key)) ?? child;
      await this.step(batch, latest, (runtime) =>
        runtime.errorNotCaught(effect.origin.elementInstanceKey, effect.code, effect.message),
      );
    }
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
    start?: { elementId: string; startedBy?: ProcessInstanceState['startedBy'] },
  ): Promise<CreatedInstance> {
    const key = this.keys.nextKey();
    beforeRun?.(key);
    const runtime = ProcessInstanceRuntime.create(
      { key, processDefinitionKey: meta.key, version: meta.version },
      model,
      this.runtimeContext(batch),
    );
    if (start?.startedBy) runtime.state.startedBy = start.startedBy;
    try {
      runtime.start(variables, start?.elementId);
    } catch (error) {
      this.waiters.delete(key);
      throw asEngineError(error);
    }
    batch.putInstance(runtime.state);
    await this.applyEffects(batch, runtime.effects, runtime.state);
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
      this.runtimeContext(batch),
    );
    try {
      command(runtime);
    } catch (error) {
      throw asEngineError(error);
    }
    batch.putInstance(runtime.state);
    await this.applyEffects(batch, runtime.effects, runtime.state);
  }

  private async applyEffects(
    batch: Batch,
    effects: Effect[],
    source: ProcessInstanceState,
  ): Promise<void> {
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
            this.runtimeContext(batch),
          );
          child.start(effect.variables);
          batch.putInstance(child.state);
          await this.applyEffects(batch, child.effects, child.state);
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
          if (state) await this.startFromBufferedMessage(batch, state);
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
          await this.startFromBufferedMessage(batch, source);
          batch.afterCommit(() =>
            this.settleWaiters(effect.instanceKey, {
              error: new FailedPreconditionError(
                `The process instance with key '${effect.instanceKey}' was terminated before it completed`,
              ),
            }),
          );
          break;
        case 'openTimer':
          batch.subscriptions.openTimer(effect.timer);
          break;
        case 'openMessageSubscription':
          batch.subscriptions.openMessage(effect.subscription);
          await this.correlateBufferedMessage(batch, effect.subscription);
          break;
        case 'openSignalSubscription':
          batch.subscriptions.openSignal(effect.subscription);
          break;
        case 'closeSubscriptions':
          batch.subscriptions.close(effect.owner);
          break;
        case 'broadcastSignal':
          await this.broadcastInBatch(batch, effect.name, effect.variables);
          break;
        case 'throwToParent':
          await this.throwToAncestors(batch, source, effect);
          break;
      }
    }
  }

  private runtimeContext(batch: Batch): RuntimeContext {
    return {
      now: batch.now,
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
