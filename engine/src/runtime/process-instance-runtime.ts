/**
 * BPMN semantics for one process instance: given its state, its model and a command, move the
 * tokens as far as they go and report what the world must do (effects). No I/O, no clock, no
 * randomness: keys, the current time and definitions come from the context, so every step is a
 * pure function of its inputs and can be tested without a database or a gRPC server.
 */
import type { ElementModel, FlowModel, ProcessModel } from '../model/process-model.js';
import type { Effect, IncidentType } from './effects.js';
import { catchTargetFor, type CatchTarget } from './event-catching.js';
import { Evaluator } from './evaluator.js';
import type { ElementInstance, ProcessInstanceState, Variables } from './instance-state.js';
import { newInstanceState } from './instance-state.js';
import { canReach } from './reachability.js';
import { timerDueTime } from './timer-schedule.js';
import { mergeAtPath } from './variables.js';
import { scopeChain, visibleVariables } from './visible-variables.js';

export interface RuntimeContext {
  nextKey(): string;
  /** The engine's clock reading for this command (epoch ms). */
  now: number;
  /** The latest deployed version of a process, for call activities. */
  latestDefinition(
    bpmnProcessId: string,
  ): { key: string; version: number; model: ProcessModel } | undefined;
}

/** Thrown for a command that does not fit the instance's state; nothing has changed then. */
export class RuntimeRejection extends Error {
  constructor(
    readonly reason: 'NOT_FOUND' | 'INVALID_STATE' | 'INVALID_ARGUMENT',
    message: string,
  ) {
    super(message);
    this.name = 'RuntimeRejection';
  }
}

type Step =
  | {
      kind: 'activate';
      elementId: string;
      scopeKey: string;
      variables?: Variables;
      loopIndex?: number;
    }
  | { kind: 'take'; flowId: string; scopeKey: string }
  | { kind: 'scopeCheck'; scopeKey: string };

/** What a caught error or escalation does once a catch event is found (see event-catching.ts). */
export type ThrowOutcome = { caught: true } | { caught: false };

export class ProcessInstanceRuntime {
  readonly effects: Effect[] = [];
  private readonly agenda: Step[] = [];
  private readonly evaluate: Evaluator;

  constructor(
    readonly state: ProcessInstanceState,
    private readonly model: ProcessModel,
    private readonly context: RuntimeContext,
  ) {
    this.evaluate = new Evaluator(context.now);
  }

  static create(
    args: {
      key: string;
      processDefinitionKey: string;
      version: number;
      parent?: ProcessInstanceState['parent'];
    },
    model: ProcessModel,
    context: RuntimeContext,
  ): ProcessInstanceRuntime {
    const state = newInstanceState({ ...args, bpmnProcessId: model.bpmnProcessId });
    return new ProcessInstanceRuntime(state, model, context);
  }

  // ---- commands ---------------------------------------------------------------------------

  /** Starts at the none start event, or at `startEventId` (a timer, message or signal start). */
  start(variables: Variables, startEventId = this.model.startEventId): void {
    if (!startEventId) {
      throw new RuntimeRejection(
        'INVALID_STATE',
        `Expected to create instance of process with none start event, but there is no such event`,
      );
    }
    Object.assign(this.rootVariables(), variables);
    this.openScopeSubscriptions(this.state.key, this.model.eventSubprocesses);
    this.agenda.push({ kind: 'activate', elementId: startEventId, scopeKey: this.state.key });
    this.run();
  }

  completeJob(elementInstanceKey: string, variables: Variables): void {
    const instance = this.waitingElement(elementInstanceKey);
    delete instance.jobKey;
    this.complete(instance, variables);
    this.run();
  }

  /** A call activity's child instance completed with these root variables. */
  childCompleted(elementInstanceKey: string, childVariables: Variables): void {
    const instance = this.waitingElement(elementInstanceKey);
    const element = this.element(instance.elementId);
    delete instance.childInstanceKey;
    const propagate =
      element.outputs.length > 0 || element.calledElement?.propagateAllChildVariables;
    this.complete(instance, propagate ? childVariables : undefined);
    this.run();
  }

  /**
   * A timer, message or signal that `owner` waited for arrived for the event element `elementId`:
   * a catch event or receive task (owner = itself), an event after an event-based gateway (owner =
   * the gateway), a boundary event (owner = the activity) or an event subprocess start (owner =
   * the scope). Returns false when the owner no longer waits for it.
   */
  trigger(owner: string, elementId: string, variables: Variables): boolean {
    if (this.state.state !== 'ACTIVE') return false;
    const event = this.element(elementId);
    const ownerInstance = this.state.elements[owner];
    if (owner !== this.state.key && !ownerInstance) return false;

    if (event.kind === 'boundaryEvent') {
      if (!ownerInstance || ownerInstance.phase !== 'waiting') return false;
      this.fireBoundary(ownerInstance, event, variables);
    } else if (event.kind === 'startEvent') {
      const esp = this.model.elements.get(event.scopeId) as ElementModel;
      this.fireEventSubprocess(owner, esp, event, variables);
    } else if (
      ownerInstance &&
      this.element(ownerInstance.elementId).kind === 'eventBasedGateway'
    ) {
      if (ownerInstance.phase !== 'waiting') return false;
      this.effects.push({ kind: 'closeSubscriptions', owner: ownerInstance.key });
      this.complete(ownerInstance, undefined, []);
      // The event after the gateway happened already: it is entered and left at once.
      this.agenda.push({
        kind: 'activate',
        elementId,
        scopeKey: ownerInstance.scopeKey,
        variables,
      });
    } else {
      if (
        !ownerInstance ||
        ownerInstance.phase !== 'waiting' ||
        ownerInstance.elementId !== elementId
      )
        return false;
      this.effects.push({ kind: 'closeSubscriptions', owner: ownerInstance.key });
      this.complete(ownerInstance, variables);
    }
    this.run();
    return true;
  }

  /** Re-arms a repeating timer of a non-interrupting boundary or event subprocess after it fired. */
  stillWaits(owner: string): boolean {
    return (
      this.state.state === 'ACTIVE' &&
      (owner === this.state.key || this.state.elements[owner]?.phase === 'waiting')
    );
  }

  /**
   * ThrowError from a job worker: the nearest error catch event takes over; without one in this
   * instance the search goes on in the parent instance (an effect), and an incident results only
   * when nothing anywhere catches it.
   */
  throwError(
    elementInstanceKey: string,
    code: string,
    message: string,
    variables: Variables,
  ): void {
    const instance = this.waitingElement(elementInstanceKey);
    this.throwEvent('error', instance, code, message, variables, {
      elementInstanceKey,
      jobKey: instance.jobKey,
    });
    this.run();
  }

  /** The search for a catch event arrives from a child instance at its call activity. */
  catchFromChild(
    callActivityKey: string,
    event: 'error' | 'escalation',
    code: string,
    message: string,
    variables: Variables,
    origin: { elementInstanceKey: string; jobKey?: string },
  ): void {
    const instance = this.state.elements[callActivityKey];
    if (!instance) return;
    this.throwEvent(event, instance, code, message, variables, origin, true);
    this.run();
  }

  /** Nothing caught an error thrown here: the element gets an incident and waits. */
  errorNotCaught(elementInstanceKey: string, code: string, message: string): void {
    const instance = this.state.elements[elementInstanceKey];
    if (!instance) return;
    this.raiseIncident(instance, 'UNHANDLED_ERROR_EVENT', unhandledErrorMessage(code, message));
  }

  /** Retries the step an incident stopped, after the cause was fixed (e.g. with SetVariables). */
  resolveIncident(elementInstanceKey: string, incidentKey: string): void {
    const instance = this.state.elements[elementInstanceKey];
    if (!instance || instance.incidentKey !== incidentKey) {
      throw new RuntimeRejection(
        'NOT_FOUND',
        `Expected to resolve incident with key '${incidentKey}', but no such incident was found`,
      );
    }
    delete instance.incidentKey;
    this.effects.push({ kind: 'resolveIncident', incidentKey });
    if (instance.phase === 'activating') this.activateInstance(instance);
    else if (instance.phase === 'completing') this.complete(instance, instance.pendingResult);
    this.run();
  }

  setVariables(scopeKey: string, variables: Variables, local: boolean): void {
    if (
      this.state.state !== 'ACTIVE' ||
      (scopeKey !== this.state.key && !this.state.elements[scopeKey])
    ) {
      throw new RuntimeRejection(
        'NOT_FOUND',
        `Expected to update variables for element with key '${scopeKey}', but no such element was found`,
      );
    }
    if (local) Object.assign((this.state.variables[scopeKey] ??= {}), variables);
    else this.propagate(scopeKey, variables);
  }

  /** Ends the instance and everything in it: jobs, child instances, subscriptions, incidents. */
  cancel(): void {
    if (this.state.state !== 'ACTIVE') {
      throw new RuntimeRejection(
        'NOT_FOUND',
        `Expected to cancel a process instance with key '${this.state.key}', but no such process was found`,
      );
    }
    for (const instance of Object.values(this.state.elements)) this.terminateElement(instance);
    this.effects.push({ kind: 'closeSubscriptions', owner: this.state.key });
    this.state.joins = {};
    this.state.variables = { [this.state.key]: this.rootVariables() };
    this.state.state = 'TERMINATED';
    this.effects.push({ kind: 'instanceTerminated', instanceKey: this.state.key });
  }

  visibleVariables(scopeKey: string): Variables {
    return visibleVariables(this.state, scopeKey);
  }

  // ---- token flow -------------------------------------------------------------------------

  private run(): void {
    for (let step = this.agenda.shift(); step; step = this.agenda.shift()) {
      if (this.state.state !== 'ACTIVE') return;
      if (step.kind === 'activate') this.activate(step);
      else if (step.kind === 'take') this.takeFlow(this.flow(step.flowId), step.scopeKey);
      else this.checkScope(step.scopeKey);
    }
  }

  private activate(step: Extract<Step, { kind: 'activate' }>): void {
    if (step.scopeKey !== this.state.key && !this.state.elements[step.scopeKey]) return;
    const instance: ElementInstance = {
      key: this.context.nextKey(),
      elementId: step.elementId,
      scopeKey: step.scopeKey,
      phase: 'activating',
      startedAt: this.context.now,
    };
    if (step.loopIndex !== undefined) instance.loopIndex = step.loopIndex;
    this.state.elements[instance.key] = instance;
    if (step.variables) instance.pendingResult = step.variables;
    this.activateInstance(instance);
  }

  private activateInstance(instance: ElementInstance): void {
    const element = this.element(instance.elementId);
    instance.phase = 'activating';
    const multiInstance = element.multiInstance;
    if (multiInstance && instance.loopIndex === undefined) {
      this.startLoop(instance, element);
      return;
    }
    if (instance.loopIndex !== undefined) this.setLoopVariables(instance, element);
    if (!this.applyInputs(instance, element)) return;
    // An event that already happened (after an event-based gateway, a boundary event, a start
    // event triggered by a message) is left at once with the event's variables.
    if (instance.pendingResult !== undefined && isEvent(element)) {
      const result = instance.pendingResult;
      delete instance.pendingResult;
      this.complete(instance, result);
      return;
    }

    switch (element.kind) {
      case 'startEvent':
      case 'passThroughTask':
        this.complete(instance, undefined);
        return;
      case 'boundaryEvent':
        this.complete(instance, undefined);
        return;
      case 'intermediateThrowEvent':
      case 'endEvent':
        this.throwingEvent(instance, element);
        return;
      case 'intermediateCatchEvent':
      case 'receiveTask':
        if (element.event?.type === 'link') {
          this.complete(instance, undefined);
          return;
        }
        if (!this.openEventSubscription(instance, instance.key, element, true)) return;
        instance.phase = 'waiting';
        this.openBoundaries(instance, element);
        return;
      case 'eventBasedGateway':
        for (const flowId of element.outgoing) {
          const target = this.element(this.flow(flowId).targetId);
          if (!this.openEventSubscription(instance, instance.key, target, true)) {
            this.effects.push({ kind: 'closeSubscriptions', owner: instance.key });
            return;
          }
        }
        instance.phase = 'waiting';
        return;
      case 'jobTask':
        this.createJob(instance, element);
        return;
      case 'scriptTask': {
        const script = element.script as NonNullable<ElementModel['script']>;
        const result = this.evaluate.nullable(
          script.expression,
          this.visibleVariables(instance.key),
        );
        if (!result.ok) return this.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', result.message);
        this.complete(instance, { [script.resultVariable]: result.value });
        return;
      }
      case 'exclusiveGateway':
      case 'inclusiveGateway':
        this.decide(instance, element);
        return;
      case 'parallelGateway':
        this.complete(instance, undefined, element.outgoing);
        return;
      case 'subProcess':
        instance.phase = 'waiting';
        this.openBoundaries(instance, element);
        this.openScopeSubscriptions(instance.key, element.eventSubprocesses);
        if (!element.triggeredByEvent) {
          this.agenda.push({
            kind: 'activate',
            elementId: element.startEventId as string,
            scopeKey: instance.key,
          });
        }
        return;
      case 'callActivity':
        this.callProcess(instance, element);
        return;
    }
  }

  /** Leaves an element: output mappings, variable propagation, then the outgoing flows. */
  private complete(
    instance: ElementInstance,
    result: Variables | undefined,
    flows?: string[],
  ): void {
    const element = this.element(instance.elementId);
    instance.phase = 'completing';
    const isBody = instance.loop !== undefined;
    if (element.outputs.length > 0 && !isBody) {
      // With output mappings, the result stays local and only the mapped values leave the scope.
      if (result) Object.assign((this.state.variables[instance.key] ??= {}), result);
      delete instance.pendingResult;
      const context = this.visibleVariables(instance.key);
      const produced: Variables = {};
      for (const mapping of element.outputs) {
        const value = this.evaluate.nullable(mapping.source, context);
        if (!value.ok) return this.raiseIncident(instance, 'IO_MAPPING_ERROR', value.message);
        mergeAtPath(
          produced,
          mapping.target,
          value.value,
          this.lookup(instance.scopeKey, rootName(mapping.target)),
        );
      }
      this.propagate(instance.scopeKey, produced);
    } else if (result && Object.keys(result).length > 0) {
      this.propagate(instance.key, result);
    }
    if (instance.loopIndex !== undefined) {
      this.innerCompleted(instance, element);
      return;
    }
    if (isBody && element.multiInstance?.outputCollection) {
      const name = element.multiInstance.outputCollection;
      this.propagate(instance.scopeKey, {
        [name]: this.state.variables[instance.key]?.[name] ?? [],
      });
    }

    this.effects.push({ kind: 'closeSubscriptions', owner: instance.key });
    this.removeElement(instance, 'COMPLETED');
    if (element.kind === 'endEvent' && element.terminate) {
      this.terminateScope(instance.scopeKey);
      return;
    }
    if (element.kind === 'intermediateThrowEvent' && element.event?.type === 'link') {
      const linkName = element.event.name;
      const target = [...this.model.elements.values()].find(
        (e) =>
          e.kind === 'intermediateCatchEvent' &&
          e.scopeId === element.scopeId &&
          e.event?.type === 'link' &&
          e.event.name === linkName,
      );
      if (target)
        this.agenda.push({ kind: 'activate', elementId: target.id, scopeKey: instance.scopeKey });
      return;
    }
    const outgoing = flows ?? (isGateway(element) ? [] : element.outgoing);
    for (const flowId of outgoing)
      this.agenda.push({ kind: 'take', flowId, scopeKey: instance.scopeKey });
    if (outgoing.length === 0)
      this.agenda.push({ kind: 'scopeCheck', scopeKey: instance.scopeKey });
  }

  private takeFlow(flow: FlowModel, scopeKey: string): void {
    const target = this.element(flow.targetId);
    const joining =
      (target.kind === 'parallelGateway' || target.kind === 'inclusiveGateway') &&
      target.incoming.length > 1;
    if (!joining) {
      this.agenda.push({ kind: 'activate', elementId: target.id, scopeKey });
      return;
    }
    const tokens = ((this.state.joins[scopeKey] ??= {})[target.id] ??= {});
    tokens[flow.id] = (tokens[flow.id] ?? 0) + 1;
    this.tryJoin(target, scopeKey);
  }

  /**
   * A parallel join fires when every incoming flow has a token. An inclusive join fires when every
   * incoming flow either has a token or can no longer receive one from anything still active in
   * the scope.
   */
  private tryJoin(gateway: ElementModel, scopeKey: string): void {
    const tokens = this.state.joins[scopeKey]?.[gateway.id];
    if (!tokens) return;
    const missing = gateway.incoming.filter((flowId) => !tokens[flowId]);
    if (missing.length > 0) {
      if (gateway.kind === 'parallelGateway') return;
      if (Object.keys(tokens).length === 0) return;
      if (missing.some((flowId) => this.canStillArrive(flowId, scopeKey, gateway.id))) return;
    }
    for (const flowId of Object.keys(tokens)) {
      const left = (tokens[flowId] ?? 0) - 1;
      if (left > 0) tokens[flowId] = left;
      else delete tokens[flowId];
    }
    this.cleanJoins(scopeKey, gateway.id);
    this.agenda.push({ kind: 'activate', elementId: gateway.id, scopeKey });
  }

  private canStillArrive(flowId: string, scopeKey: string, gatewayId: string): boolean {
    const flow = this.flow(flowId);
    for (const instance of Object.values(this.state.elements)) {
      if (instance.scopeKey === scopeKey && canReach(this.model, instance.elementId, flow.sourceId))
        return true;
    }
    // Tokens waiting at other joins in the scope may still travel on.
    for (const [otherId, tokens] of Object.entries(this.state.joins[scopeKey] ?? {})) {
      if (
        otherId !== gatewayId &&
        Object.keys(tokens).length > 0 &&
        canReach(this.model, otherId, flow.sourceId)
      )
        return true;
    }
    // Steps queued in this command are tokens in flight.
    return this.agenda.some(
      (step) =>
        step.kind !== 'scopeCheck' &&
        step.scopeKey === scopeKey &&
        canReach(
          this.model,
          step.kind === 'activate' ? step.elementId : this.flow(step.flowId).targetId,
          flow.sourceId,
        ),
    );
  }

  private checkScope(scopeKey: string): void {
    // A pending inclusive join may be waiting only for branches that have now ended.
    for (const gatewayId of Object.keys(this.state.joins[scopeKey] ?? {})) {
      const gateway = this.element(gatewayId);
      if (gateway.kind === 'inclusiveGateway') this.tryJoin(gateway, scopeKey);
    }
    if (this.agenda.some((step) => step.scopeKey === scopeKey && step.kind !== 'scopeCheck'))
      return;
    const busy = Object.values(this.state.elements).some(
      (instance) => instance.scopeKey === scopeKey,
    );
    const waitingTokens = Object.values(this.state.joins[scopeKey] ?? {}).some(
      (t) => Object.keys(t).length > 0,
    );
    if (busy || waitingTokens) return;

    if (scopeKey === this.state.key) {
      this.finishInstance();
      return;
    }
    const scope = this.state.elements[scopeKey];
    if (scope && scope.phase === 'waiting' && !scope.loop) this.complete(scope, undefined);
  }

  private finishInstance(): void {
    this.effects.push({ kind: 'closeSubscriptions', owner: this.state.key });
    this.state.state = 'COMPLETED';
    this.effects.push({
      kind: 'instanceCompleted',
      instanceKey: this.state.key,
      variables: { ...this.rootVariables() },
    });
  }

  /** A terminate end event or an interrupting event: everything in the scope stops. */
  private terminateScope(scopeKey: string, thenCheck = true): void {
    for (const instance of Object.values(this.state.elements)) {
      if (this.isInside(instance, scopeKey)) this.terminateElement(instance);
    }
    delete this.state.joins[scopeKey];
    this.agenda.splice(
      0,
      this.agenda.length,
      ...this.agenda.filter((step) => !this.stepInside(step, scopeKey)),
    );
    if (thenCheck) this.agenda.push({ kind: 'scopeCheck', scopeKey });
  }

  private terminateElement(instance: ElementInstance): void {
    if (!this.state.elements[instance.key]) return;
    if (instance.jobKey) this.effects.push({ kind: 'cancelJob', jobKey: instance.jobKey });
    if (instance.incidentKey)
      this.effects.push({ kind: 'resolveIncident', incidentKey: instance.incidentKey });
    if (instance.childInstanceKey)
      this.effects.push({ kind: 'cancelChildInstance', childKey: instance.childInstanceKey });
    this.effects.push({ kind: 'closeSubscriptions', owner: instance.key });
    delete this.state.joins[instance.key];
    this.removeElement(instance, 'TERMINATED');
  }

  // ---- events ------------------------------------------------------------------------------

  /** Opens what a catch event waits for; false (with an incident) when an expression fails. */
  private openEventSubscription(
    instance: ElementInstance,
    owner: string,
    event: ElementModel,
    interrupting: boolean,
  ): boolean {
    const definition = event.event;
    if (!definition) return true;
    const context = this.visibleVariables(
      instance.key === owner ? instance.key : instance.scopeKey,
    );
    if (definition.type === 'timer') {
      const due = timerDueTime(definition.timer, this.evaluate, context, this.context.now);
      if (!due.ok) {
        this.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', due.message);
        return false;
      }
      if (due.dueAt === undefined) return true;
      this.effects.push({
        kind: 'openTimer',
        timer: {
          key: this.context.nextKey(),
          owner,
          elementId: event.id,
          dueAt: due.dueAt,
          processInstanceKey: this.state.key,
          processDefinitionKey: this.state.processDefinitionKey,
          ...(due.cycle ? { cycle: due.cycle } : {}),
        },
      });
      return true;
    }
    if (definition.type === 'message') {
      const name = this.evaluate.string(definition.name, context, 'message name');
      if (!name.ok) {
        this.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', name.message);
        return false;
      }
      const key = definition.correlationKey
        ? this.evaluate.correlationKey(definition.correlationKey, context)
        : { ok: true as const, value: '' };
      if (!key.ok) {
        this.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', key.message);
        return false;
      }
      this.effects.push({
        kind: 'openMessageSubscription',
        subscription: {
          key: this.context.nextKey(),
          owner,
          elementId: event.id,
          processInstanceKey: this.state.key,
          bpmnProcessId: this.state.bpmnProcessId,
          messageName: name.value,
          correlationKey: key.value,
          interrupting,
        },
      });
      return true;
    }
    if (definition.type === 'signal') {
      const name = this.evaluate.string(definition.name, context, 'signal name');
      if (!name.ok) {
        this.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', name.message);
        return false;
      }
      this.effects.push({
        kind: 'openSignalSubscription',
        subscription: {
          key: this.context.nextKey(),
          owner,
          elementId: event.id,
          processInstanceKey: this.state.key,
          signalName: name.value,
        },
      });
    }
    return true;
  }

  /** Timer, message and signal boundary events start waiting with their activity. */
  private openBoundaries(instance: ElementInstance, element: ElementModel): void {
    if (instance.loopIndex !== undefined) return; // boundaries belong to the multi-instance body
    for (const boundaryId of element.boundaryEvents) {
      const boundary = this.element(boundaryId);
      if (boundary.event && ['timer', 'message', 'signal'].includes(boundary.event.type)) {
        this.openEventSubscription(
          instance,
          instance.key,
          boundary,
          boundary.cancelActivity !== false,
        );
      }
    }
  }

  /** Timer, message and signal starts of the event subprocesses of a scope. */
  private openScopeSubscriptions(scopeKey: string, eventSubprocesses: string[]): void {
    const holder = this.state.elements[scopeKey] ?? {
      key: scopeKey,
      elementId: '',
      scopeKey,
      phase: 'waiting',
    };
    for (const espId of eventSubprocesses) {
      const esp = this.element(espId);
      const start = this.element(esp.startEventId as string);
      if (start.event && ['timer', 'message', 'signal'].includes(start.event.type)) {
        this.openEventSubscription(holder, scopeKey, start, start.interrupting !== false);
      }
    }
  }

  private fireBoundary(
    activity: ElementInstance,
    boundary: ElementModel,
    variables: Variables,
  ): void {
    if (boundary.cancelActivity !== false) {
      this.terminateElement(activity);
      for (const instance of Object.values(this.state.elements)) {
        if (this.isInside(instance, activity.key)) this.terminateElement(instance);
      }
    }
    this.agenda.push({
      kind: 'activate',
      elementId: boundary.id,
      scopeKey: activity.scopeKey,
      variables,
    });
  }

  private fireEventSubprocess(
    scopeKey: string,
    esp: ElementModel,
    start: ElementModel,
    variables: Variables,
  ): void {
    if (start.interrupting !== false) {
      // The scope's other work stops, and so do its other event subprocesses' subscriptions.
      this.effects.push({ kind: 'closeSubscriptions', owner: scopeKey });
      this.terminateScope(scopeKey, false);
    }
    const instance: ElementInstance = {
      key: this.context.nextKey(),
      elementId: esp.id,
      scopeKey,
      phase: 'waiting',
      startedAt: this.context.now,
    };
    this.state.elements[instance.key] = instance;
    this.openScopeSubscriptions(instance.key, esp.eventSubprocesses);
    this.agenda.push({ kind: 'activate', elementId: start.id, scopeKey: instance.key, variables });
  }

  /** Throw events and end events: escalations, errors, signals, message (job) throws. */
  private throwingEvent(instance: ElementInstance, element: ElementModel): void {
    const event = element.event;
    if (event?.type === 'message' && element.job) {
      this.createJob(instance, element);
      return;
    }
    if (event?.type === 'signal') {
      const name = this.evaluate.string(
        event.name,
        this.visibleVariables(instance.key),
        'signal name',
      );
      if (!name.ok) return this.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', name.message);
      this.effects.push({ kind: 'broadcastSignal', name: name.value, variables: {} });
    }
    if ((event?.type === 'error' || event?.type === 'escalation') && event.code) {
      const code = this.evaluate.string(
        event.code,
        this.visibleVariables(instance.key),
        `${event.type} code`,
      );
      if (!code.ok) return this.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', code.message);
      if (event.type === 'error') {
        this.throwEvent(
          'error',
          instance,
          code.value,
          '',
          {},
          { elementInstanceKey: instance.key },
        );
        return;
      }
      const outcome = this.throwEvent(
        'escalation',
        instance,
        code.value,
        '',
        {},
        { elementInstanceKey: instance.key },
      );
      // A caught interrupting escalation ended the thrower; otherwise it carries on.
      if (outcome === 'interrupted') return;
    }
    this.complete(instance, undefined);
  }

  /**
   * Finds the nearest catch event for an error or escalation, from `from` outwards: the element's
   * own boundary events, then the event subprocesses of its scope, then the enclosing
   * subprocess's boundary events, and so on up to the process; then the parent instance.
   */
  private throwEvent(
    event: 'error' | 'escalation',
    from: ElementInstance,
    code: string,
    message: string,
    variables: Variables,
    origin: { elementInstanceKey: string; jobKey?: string },
    fromChild = false,
  ): 'caught' | 'interrupted' | 'uncaught' {
    const target: CatchTarget | undefined = catchTargetFor(
      this.state,
      this.model,
      from,
      event,
      code,
      fromChild,
    );
    if (target) {
      // The thrown event's variables arrive in the catching event's scope.
      if (target.kind === 'boundary') {
        const activity = this.state.elements[target.owner] as ElementInstance;
        const interrupts = target.element.cancelActivity !== false;
        // Decided before firing: an interrupting boundary removes the thrower with its activity.
        const throwerInside = activity.key === from.key || this.isInside(from, activity.key);
        this.fireBoundary(activity, target.element, variables);
        return interrupts && throwerInside ? 'interrupted' : 'caught';
      }
      const interrupts = target.start.interrupting !== false;
      this.fireEventSubprocess(target.owner, target.element, target.start, variables);
      return interrupts ? 'interrupted' : 'caught';
    }
    if (this.state.parent) {
      this.effects.push({ kind: 'throwToParent', event, code, message, variables, origin });
      return event === 'error' ? 'interrupted' : 'uncaught';
    }
    if (event === 'error' && !fromChild) {
      this.raiseIncident(
        this.state.elements[origin.elementInstanceKey] ?? from,
        'UNHANDLED_ERROR_EVENT',
        unhandledErrorMessage(code, message),
      );
      return 'interrupted';
    }
    if (event === 'error') {
      // Reported back to the child instance that threw it (see the engine's throwToParent).
      return 'uncaught';
    }
    return 'uncaught';
  }

  // ---- multi-instance ----------------------------------------------------------------------

  private startLoop(body: ElementInstance, element: ElementModel): void {
    const loop = element.multiInstance as NonNullable<ElementModel['multiInstance']>;
    const items = this.evaluate.nullable(loop.inputCollection, this.visibleVariables(body.key));
    if (!items.ok) return this.raiseIncident(body, 'EXTRACT_VALUE_ERROR', items.message);
    if (!Array.isArray(items.value)) {
      return this.raiseIncident(
        body,
        'EXTRACT_VALUE_ERROR',
        `Expected result of the expression '${sourceText(loop.inputCollection)}' to be 'ARRAY', but was '${feelType(items.value)}'.`,
      );
    }
    body.loop = { items: items.value as unknown[], started: 0, completed: 0, terminated: 0 };
    body.phase = 'waiting';
    if (loop.outputCollection) {
      (this.state.variables[body.key] ??= {})[loop.outputCollection] = items.value.map(() => null);
    }
    this.openBoundaries(body, element);
    if (items.value.length === 0) {
      this.complete(body, undefined);
      return;
    }
    const count = loop.sequential ? 1 : items.value.length;
    for (let i = 0; i < count; i++) this.startInner(body);
  }

  private startInner(body: ElementInstance): void {
    const loop = body.loop as NonNullable<ElementInstance['loop']>;
    const index = loop.started;
    loop.started += 1;
    this.agenda.push({
      kind: 'activate',
      elementId: body.elementId,
      scopeKey: body.key,
      loopIndex: index,
    });
  }

  private setLoopVariables(inner: ElementInstance, element: ElementModel): void {
    const body = this.state.elements[inner.scopeKey];
    const index = inner.loopIndex as number;
    const locals = (this.state.variables[inner.key] ??= {});
    locals.loopCounter = index + 1;
    const inputElement = element.multiInstance?.inputElement;
    if (inputElement && body?.loop) locals[inputElement] = body.loop.items[index] ?? null;
    // As in Zeebe, an output element that names a variable is local to each inner instance, so
    // parallel instances do not overwrite one another's result in an outer scope.
    const outputElement = element.multiInstance?.outputElement;
    if (
      outputElement?.kind === 'feel' &&
      /^[A-Za-z_]\w*$/.test(outputElement.source) &&
      !(outputElement.source in locals)
    ) {
      locals[outputElement.source] = null;
    }
  }

  private innerCompleted(inner: ElementInstance, element: ElementModel): void {
    const body = this.state.elements[inner.scopeKey] as ElementInstance;
    const loop = body.loop as NonNullable<ElementInstance['loop']>;
    const definition = element.multiInstance as NonNullable<ElementModel['multiInstance']>;
    const innerContext = this.visibleVariables(inner.key);
    if (definition.outputCollection && definition.outputElement) {
      const value = this.evaluate.nullable(definition.outputElement, innerContext);
      if (!value.ok) return this.raiseIncident(inner, 'EXTRACT_VALUE_ERROR', value.message);
      const collection =
        (this.state.variables[body.key]?.[definition.outputCollection] as unknown[] | undefined) ??
        [];
      collection[inner.loopIndex as number] = value.value;
    }
    this.effects.push({ kind: 'closeSubscriptions', owner: inner.key });
    this.removeElement(inner, 'COMPLETED');
    loop.completed += 1;

    let done = loop.completed + loop.terminated >= loop.items.length;
    if (!done && definition.completionCondition) {
      const active = Object.values(this.state.elements).filter(
        (e) => e.scopeKey === body.key,
      ).length;
      const condition = this.evaluate.nullable(definition.completionCondition, {
        ...this.visibleVariables(body.key),
        numberOfInstances: loop.items.length,
        numberOfActiveInstances: active,
        numberOfCompletedInstances: loop.completed,
        numberOfTerminatedInstances: loop.terminated,
      });
      if (!condition.ok) return this.raiseIncident(body, 'EXTRACT_VALUE_ERROR', condition.message);
      if (condition.value === true) {
        for (const other of Object.values(this.state.elements)) {
          if (this.isInside(other, body.key)) {
            this.terminateElement(other);
            loop.terminated += other.scopeKey === body.key ? 1 : 0;
          }
        }
        done = true;
      }
    }
    if (done) {
      if (!Object.values(this.state.elements).some((e) => e.scopeKey === body.key))
        this.complete(body, undefined);
      return;
    }
    if (definition.sequential && loop.started < loop.items.length) this.startInner(body);
  }

  // ---- element behaviours -----------------------------------------------------------------

  private createJob(instance: ElementInstance, element: ElementModel): void {
    const job = element.job as NonNullable<ElementModel['job']>;
    const context = this.visibleVariables(instance.key);
    const type = this.evaluate.string(job.type, context, 'job type');
    if (!type.ok) return this.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', type.message);
    const retries = this.evaluate.retries(job.retries, context);
    if (!retries.ok) return this.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', retries.message);
    const headers: Record<string, string> = {};
    if (element.userTask) {
      const userTaskHeaders = this.evaluate.userTaskHeaders(element.userTask, context);
      if (!userTaskHeaders.ok)
        return this.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', userTaskHeaders.message);
      Object.assign(headers, userTaskHeaders.value);
    }
    Object.assign(headers, job.headers);

    const jobKey = this.context.nextKey();
    instance.jobKey = jobKey;
    instance.phase = 'waiting';
    this.effects.push({
      kind: 'createJob',
      job: {
        key: jobKey,
        type: type.value,
        retries: retries.value,
        processInstanceKey: this.state.key,
        elementInstanceKey: instance.key,
        elementId: element.id,
        bpmnProcessId: this.state.bpmnProcessId,
        processDefinitionVersion: this.state.version,
        processDefinitionKey: this.state.processDefinitionKey,
        customHeaders: headers,
      },
    });
    this.openBoundaries(instance, element);
  }

  /** Exclusive: the first flow whose condition holds. Inclusive: all of them. Else the default. */
  private decide(instance: ElementInstance, element: ElementModel): void {
    const context = this.visibleVariables(instance.key);
    const chosen: string[] = [];
    const candidates = element.outgoing.filter((flowId) => flowId !== element.defaultFlowId);
    for (const flowId of candidates) {
      const condition = this.flow(flowId).condition;
      if (!condition) {
        // An unconditioned flow is always taken (a gateway with a single outgoing flow).
        chosen.push(flowId);
      } else {
        const result = this.evaluate.nullable(condition, context);
        if (!result.ok) return this.raiseIncident(instance, 'CONDITION_ERROR', result.message);
        if (typeof result.value !== 'boolean') {
          return this.raiseIncident(
            instance,
            'CONDITION_ERROR',
            `Expected result of the expression '${sourceText(condition)}' to be 'BOOLEAN', but was '${feelType(result.value)}'.`,
          );
        }
        if (result.value) chosen.push(flowId);
      }
      if (element.kind === 'exclusiveGateway' && chosen.length > 0) break;
    }
    if (chosen.length === 0 && element.defaultFlowId) chosen.push(element.defaultFlowId);
    if (chosen.length === 0 && element.outgoing.length > 0) {
      return this.raiseIncident(
        instance,
        'CONDITION_ERROR',
        'Expected at least one condition to evaluate to true, or to have a default flow',
      );
    }
    this.complete(instance, undefined, chosen);
  }

  private callProcess(instance: ElementInstance, element: ElementModel): void {
    const called = element.calledElement as NonNullable<ElementModel['calledElement']>;
    const context = this.visibleVariables(instance.key);
    const processId = this.evaluate.string(called.processId, context, 'called process id');
    if (!processId.ok)
      return this.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', processId.message);
    const definition = this.context.latestDefinition(processId.value);
    if (!definition) {
      return this.raiseIncident(
        instance,
        'CALLED_ELEMENT_ERROR',
        `Expected process with BPMN process id '${processId.value}' to be deployed, but not found.`,
      );
    }
    if (!definition.model.startEventId) {
      return this.raiseIncident(
        instance,
        'CALLED_ELEMENT_ERROR',
        `Expected process with BPMN process id '${processId.value}' to have a none start event, but not found.`,
      );
    }
    const variables = called.propagateAllParentVariables
      ? context
      : { ...(this.state.variables[instance.key] ?? {}) };
    const childKey = this.context.nextKey();
    instance.childInstanceKey = childKey;
    instance.phase = 'waiting';
    this.effects.push({
      kind: 'createChildInstance',
      childKey,
      processDefinitionKey: definition.key,
      variables,
      parentInstanceKey: this.state.key,
      parentElementInstanceKey: instance.key,
    });
    this.openBoundaries(instance, element);
  }

  // ---- variables --------------------------------------------------------------------------

  private applyInputs(instance: ElementInstance, element: ElementModel): boolean {
    if (element.inputs.length === 0 || instance.loop) return true;
    const locals: Variables = (this.state.variables[instance.key] ??= {});
    for (const mapping of element.inputs) {
      // Later inputs may read earlier ones, so each sees the locals made so far.
      const value = this.evaluate.nullable(mapping.source, this.visibleVariables(instance.key));
      if (!value.ok) {
        this.raiseIncident(instance, 'IO_MAPPING_ERROR', value.message);
        return false;
      }
      mergeAtPath(
        locals,
        mapping.target,
        value.value,
        this.lookup(instance.key, rootName(mapping.target)),
      );
    }
    return true;
  }

  /**
   * Zeebe's propagation: each variable goes up from `scopeKey` and is set in the first scope that
   * already has it; a variable no scope has is created in the root scope.
   */
  private propagate(scopeKey: string, variables: Variables): void {
    const chain = scopeChain(this.state, scopeKey);
    for (const [name, value] of Object.entries(variables)) {
      const target =
        chain.find((scope) =>
          Object.prototype.hasOwnProperty.call(this.state.variables[scope] ?? {}, name),
        ) ?? this.state.key;
      (this.state.variables[target] ??= {})[name] = value;
    }
  }

  private lookup(scopeKey: string, name: string): unknown {
    return this.visibleVariables(scopeKey)[name];
  }

  private rootVariables(): Variables {
    return (this.state.variables[this.state.key] ??= {});
  }

  // ---- helpers ----------------------------------------------------------------------------

  private raiseIncident(instance: ElementInstance, type: IncidentType, message: string): void {
    const key = this.context.nextKey();
    // An uncaught error from a job is the job's incident: resolving it re-enables the job, and the
    // element itself is not stopped.
    const ofJob = type === 'UNHANDLED_ERROR_EVENT' && instance.jobKey !== undefined;
    if (!ofJob) instance.incidentKey = key;
    this.effects.push({
      kind: 'createIncident',
      incident: {
        key,
        type,
        message,
        processInstanceKey: this.state.key,
        elementInstanceKey: instance.key,
        elementId: instance.elementId,
        bpmnProcessId: this.state.bpmnProcessId,
        processDefinitionKey: this.state.processDefinitionKey,
        ...(ofJob ? { jobKey: instance.jobKey } : {}),
      },
    });
  }

  private waitingElement(elementInstanceKey: string): ElementInstance {
    const instance = this.state.elements[elementInstanceKey];
    if (!instance || instance.phase !== 'waiting') {
      throw new RuntimeRejection(
        'NOT_FOUND',
        `Expected element instance with key '${elementInstanceKey}' to be waiting, but it was not found`,
      );
    }
    return instance;
  }

  private removeElement(instance: ElementInstance, ended: 'COMPLETED' | 'TERMINATED'): void {
    delete this.state.elements[instance.key];
    delete this.state.variables[instance.key];
    const element = this.model.elements.get(instance.elementId);
    this.effects.push({
      kind: 'elementEnded',
      element: {
        key: instance.key,
        processInstanceKey: this.state.key,
        processDefinitionKey: this.state.processDefinitionKey,
        bpmnProcessId: this.state.bpmnProcessId,
        elementId: instance.elementId,
        flowScopeKey: instance.scopeKey,
        type:
          element?.multiInstance && instance.loopIndex === undefined
            ? 'MULTI_INSTANCE_BODY'
            : (element?.bpmnType ?? 'UNKNOWN'),
        state: ended,
        startedAt: instance.startedAt ?? null,
        endedAt: this.context.now,
      },
    });
  }

  private isInside(instance: ElementInstance, scopeKey: string): boolean {
    return instance.key !== scopeKey && scopeChain(this.state, instance.key).includes(scopeKey);
  }

  private stepInside(step: Step, scopeKey: string): boolean {
    if (step.scopeKey === scopeKey) return true;
    const scope = this.state.elements[step.scopeKey];
    return scope !== undefined && this.isInside(scope, scopeKey);
  }

  private cleanJoins(scopeKey: string, gatewayId: string): void {
    const scopeJoins = this.state.joins[scopeKey];
    if (!scopeJoins) return;
    if (Object.keys(scopeJoins[gatewayId] ?? {}).length === 0) delete scopeJoins[gatewayId];
    if (Object.keys(scopeJoins).length === 0) delete this.state.joins[scopeKey];
  }

  private element(id: string): ElementModel {
    const element = this.model.elements.get(id);
    if (!element)
      throw new Error(`element '${id}' is not in process '${this.model.bpmnProcessId}'`);
    return element;
  }

  private flow(id: string): FlowModel {
    const flow = this.model.flows.get(id);
    if (!flow)
      throw new Error(`sequence flow '${id}' is not in process '${this.model.bpmnProcessId}'`);
    return flow;
  }
}

export function unhandledErrorMessage(code: string, message: string): string {
  return `Expected to throw an error event with the code '${code}'${message ? ` with message '${message}'` : ''}, but it was not caught. No error events are available in the scope.`;
}

function isGateway(element: ElementModel): boolean {
  return (
    element.kind === 'exclusiveGateway' ||
    element.kind === 'inclusiveGateway' ||
    element.kind === 'parallelGateway' ||
    element.kind === 'eventBasedGateway'
  );
}

function isEvent(element: ElementModel): boolean {
  return element.kind.endsWith('Event') || element.kind === 'receiveTask';
}

function rootName(target: string): string {
  return target.split('.')[0] ?? target;
}

export function sourceText(
  expression: { kind: 'feel'; source: string } | { kind: 'static'; text: string },
): string {
  return expression.kind === 'feel' ? expression.source : expression.text;
}

export function feelType(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return 'ARRAY';
  if (typeof value === 'object') return 'OBJECT';
  return typeof value === 'number' ? 'NUMBER' : typeof value === 'boolean' ? 'BOOLEAN' : 'STRING';
}
