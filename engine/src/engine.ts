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
import { EngineCore } from './engine-core.js';
import {
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
} from './errors.js';
import { InstanceWaiters } from './instance-waiters.js';
import {
  activateJobs,
  completeJob,
  expireJobs,
  failJob,
  throwError,
  updateJobRetries,
  updateJobTimeout,
} from './jobs/job-commands.js';
import { correlateMessage } from './messages/message-correlation.js';
import { InvalidResourceError, parseBpmn } from './model/parse-bpmn.js';
import type { ProcessModel } from './model/process-model.js';
import type { Variables } from './runtime/instance-state.js';
import { nextRepetition } from './runtime/timer-schedule.js';
import { broadcastInBatch } from './signals/broadcast-signal.js';
import { KeyAllocator } from './store/key-allocator.js';
import { iso, type JobRow } from './store/rows.js';
import { scheduleStartTimers } from './timers/start-timers.js';

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

export interface EngineOptions {
  pool: pg.Pool;
  clock: Clock;
  log: Logger;
}

export class Engine {
  private readonly queue: CommandQueue;
  private readonly definitions: DefinitionRegistry;
  private readonly keys: KeyAllocator;
  private readonly waiters = new InstanceWaiters();
  private readonly core: EngineCore;
  private readonly jobListeners = new Set<(types: ReadonlySet<string>) => void>();

  private constructor(private readonly options: EngineOptions) {
    this.keys = new KeyAllocator(options.pool);
    this.definitions = new DefinitionRegistry(options.pool);
    this.core = new EngineCore(this.keys, this.definitions, this.waiters);
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
    this.waiters.rejectAll(new FailedPreconditionError('the engine is stopping'));
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
        for (const { meta, model } of added)
          await scheduleStartTimers(this.core, batch, meta, model);
        batch.afterCommit(() => {
          for (const { meta, model } of added) this.definitions.add(meta, model);
        });
        return { key: deploymentKey, processes };
      },
      { alone: true },
    );
  }

  /** A deployed version's parsed model, for the monitoring REST API (names and element types). */
  async processModel(processDefinitionKey: string): Promise<ProcessModel | undefined> {
    if (!this.definitions.byDefinitionKey(processDefinitionKey)) return undefined;
    return this.definitions.model(processDefinitionKey);
  }

  // ---- process instances -----------------------------------------------------------------------

  async createInstance(request: {
    processDefinitionKey?: string;
    bpmnProcessId?: string;
    version?: number;
    variables: Variables;
  }): Promise<CreatedInstance> {
    const meta = this.core.resolveDefinition(request);
    const model = await this.definitions.model(meta.key);
    return this.queue.submit(async (batch) =>
      this.core.startInstance(batch, meta, model, request.variables),
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
    const meta = this.core.resolveDefinition(request);
    const model = await this.definitions.model(meta.key);
    let result!: Promise<Variables>;
    const instance = await this.queue.submit(async (batch) => {
      const created = await this.core.startInstance(
        batch,
        meta,
        model,
        request.variables,
        (key) => {
          result = this.waiters.wait(key, timeoutMs);
          // Handled here so that a registration from a batch that was rolled back and retried (and
          // so never settles but by its timer) cannot surface as an unhandled rejection.
          result.catch(() => undefined);
        },
      );
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
      await this.core.step(batch, state, (runtime) => runtime.cancel());
    });
  }

  async setVariables(
    elementInstanceKey: string,
    variables: Variables,
    local: boolean,
  ): Promise<string> {
    return this.queue.submit(async (batch) => {
      const state = await this.core.findInstanceOfScope(batch, elementInstanceKey);
      if (!state) {
        throw new NotFoundError(
          `Expected to update variables for element with key '${elementInstanceKey}', but no such element was found`,
        );
      }
      await this.core.step(batch, state, (runtime) =>
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
      await this.core.step(batch, state, (runtime) =>
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
    return this.queue.submit((batch) => activateJobs(this.core, batch, request));
  }

  async completeJob(jobKey: string, variables: Variables): Promise<void> {
    await this.queue.submit((batch) => completeJob(this.core, batch, jobKey, variables));
  }

  async failJob(request: {
    jobKey: string;
    retries: number;
    errorMessage: string;
    retryBackOffMs: number;
    variables: Variables;
  }): Promise<void> {
    await this.queue.submit((batch) => failJob(this.core, batch, request));
  }

  async updateJobRetries(jobKey: string, retries: number): Promise<void> {
    if (retries < 1)
      throw new InvalidArgumentError(
        `Expected retries to be greater than zero, but it was ${retries}`,
      );
    await this.queue.submit((batch) => updateJobRetries(this.core, batch, jobKey, retries));
  }

  async updateJobTimeout(jobKey: string, timeoutMs: number): Promise<void> {
    await this.queue.submit((batch) => updateJobTimeout(this.core, batch, jobKey, timeoutMs));
  }

  /**
   * Jobs whose activation timed out become activatable again (retries unchanged), and jobs whose
   * retry back-off has passed wake their workers. Run periodically by the engine's scheduler.
   */
  async expireJobs(): Promise<number> {
    return this.queue.submit((batch) => expireJobs(this.core, batch));
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
    await this.queue.submit((batch) => throwError(this.core, batch, request));
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
      // No flush here: correlation reads the database and this batch's own subscriptions, so a
      // batch of publishes costs a handful of statements, not one flush per message.
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
      const correlated = await correlateMessage(
        this.core,
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
      await broadcastInBatch(this.core, batch, name, variables);
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
           from engine.timers where due_at <= $1 order by due_at, timers.key limit $2`,
        [iso(batch.now), limit],
      );
      // One query for all the instances these timers belong to, instead of one per timer.
      await batch.loadInstances(
        rows.flatMap((row) => (row.process_instance_key ? [row.process_instance_key] : [])),
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
            await this.core.startInstance(batch, meta, model, {}, undefined, {
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
            await this.core.step(batch, state, (runtime) => {
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
}
