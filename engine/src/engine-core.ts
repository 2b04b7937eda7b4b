/**
 * What the engine's commands share: the keys, the deployed definitions, the waiters of
 * CreateProcessInstanceWithResult, and the one way to change an instance — run a runtime step on
 * a copy of its state, keep the result in the batch and carry out the step's effects.
 */
import type { DefinitionMeta, DefinitionRegistry } from './definitions.js';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from './errors.js';
import type { CreatedInstance } from './engine.js';
import type { InstanceWaiters } from './instance-waiters.js';
import { throwToAncestors } from './instances/throw-to-ancestors.js';
import {
  correlateBufferedMessage,
  startFromBufferedMessage,
} from './messages/message-correlation.js';
import type { ProcessModel } from './model/process-model.js';
import type { Effect } from './runtime/effects.js';
import type { ProcessInstanceState, Variables } from './runtime/instance-state.js';
import {
  ProcessInstanceRuntime,
  type RuntimeContext,
  RuntimeRejection,
} from './runtime/process-instance-runtime.js';
import { broadcastInBatch } from './signals/broadcast-signal.js';
import type { Batch } from './store/batch.js';
import type { KeyAllocator } from './store/key-allocator.js';
import type { JobRow } from './store/rows.js';

export class EngineCore {
  constructor(
    readonly keys: KeyAllocator,
    readonly definitions: DefinitionRegistry,
    readonly waiters: InstanceWaiters,
  ) {}

  resolveDefinition(request: {
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

  async startInstance(
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
      this.waiters.forget(key);
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
  async step(
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

  async applyEffects(batch: Batch, effects: Effect[], source: ProcessInstanceState): Promise<void> {
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
        case 'elementEnded':
          batch.recordEndedElement(effect.element);
          break;
        case 'cancelChildInstance': {
          const child = await batch.instance(effect.childKey);
          if (child?.state === 'ACTIVE')
            await this.step(batch, child, (runtime) => runtime.cancel());
          break;
        }
        case 'instanceCompleted': {
          const state = await batch.instance(effect.instanceKey);
          batch.afterCommit(() =>
            this.waiters.settle(effect.instanceKey, { variables: effect.variables }),
          );
          if (state) await startFromBufferedMessage(this, batch, state);
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
          await startFromBufferedMessage(this, batch, source);
          batch.afterCommit(() =>
            this.waiters.settle(effect.instanceKey, {
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
          await correlateBufferedMessage(this, batch, effect.subscription);
          break;
        case 'openSignalSubscription':
          batch.subscriptions.openSignal(effect.subscription);
          break;
        case 'closeSubscriptions':
          batch.subscriptions.close(effect.owner);
          break;
        case 'broadcastSignal':
          await broadcastInBatch(this, batch, effect.name, effect.variables);
          break;
        case 'throwToParent':
          await throwToAncestors(this, batch, source, effect);
          break;
      }
    }
  }

  runtimeContext(batch: Batch): RuntimeContext {
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

  async existingJob(batch: Batch, jobKey: string, action: string): Promise<JobRow> {
    const job = await batch.job(jobKey);
    if (!job)
      throw new NotFoundError(
        `Expected to ${action} job with key '${jobKey}', but no such job was found`,
      );
    return job;
  }

  /** The instance holding a scope: a process instance key, or an element instance inside one. */
  async findInstanceOfScope(
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
}

/** Runtime rejections become the engine's errors, with the gRPC status the proto documents. */
export function asEngineError(error: unknown): unknown {
  if (!(error instanceof RuntimeRejection)) return error;
  if (error.reason === 'NOT_FOUND') return new NotFoundError(error.message);
  if (error.reason === 'INVALID_ARGUMENT') return new InvalidArgumentError(error.message);
  return new FailedPreconditionError(error.message);
}
