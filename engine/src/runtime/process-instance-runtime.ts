/**
 * BPMN semantics for one process instance: given its state, its model and a command, move the
 * tokens as far as they go and report what the world must do (effects). No I/O, no clock, no
 * randomness: keys and definitions come from the context, so every step is a pure function of its
 * inputs and can be tested without a database or a gRPC server.
 */
import { evaluateExpression, evaluateNullable } from '../expressions/feel.js';
import type { ElementModel, Expression, FlowModel, ProcessModel } from '../model/process-model.js';
import type { Effect, IncidentType } from './effects.js';
import type { ElementInstance, ProcessInstanceState, Variables } from './instance-state.js';
import { newInstanceState } from './instance-state.js';
import { canReach } from './reachability.js';
import { mergeAtPath } from './variables.js';
import { visibleVariables } from './visible-variables.js';

export interface RuntimeContext {
  nextKey(): string;
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
  | { kind: 'activate'; elementId: string; scopeKey: string }
  | { kind: 'take'; flowId: string; scopeKey: string }
  | { kind: 'scopeCheck'; scopeKey: string };

export class ProcessInstanceRuntime {
  readonly effects: Effect[] = [];
  private readonly agenda: Step[] = [];

  constructor(
    readonly state: ProcessInstanceState,
    private readonly model: ProcessModel,
    private readonly context: RuntimeContext,
  ) {}

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

  start(variables: Variables): void {
    const startEventId = this.model.startEventId;
    if (!startEventId) {
      throw new RuntimeRejection(
        'INVALID_STATE',
        `Expected to create an instance of process '${this.model.bpmnProcessId}' but it has no none start event`,
      );
    }
    Object.assign(this.rootVariables(), variables);
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
    const called = element.calledElement;
    if (element.outputs.length > 0 || called?.propagateAllChildVariables) {
      this.complete(instance, childVariables);
    } else {
      this.complete(instance, undefined);
    }
    this.run();
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
    else if (instance.phase === 'completing') this.complete(instance, undefined);
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

  /** Ends the instance and everything in it: jobs, child instances, open incidents. */
  cancel(): void {
    if (this.state.state !== 'ACTIVE') {
      throw new RuntimeRejection(
        'NOT_FOUND',
        `Expected to cancel a process instance with key '${this.state.key}', but no such process was found`,
      );
    }
    for (const instance of Object.values(this.state.elements)) this.terminateElement(instance);
    this.state.joins = {};
    this.state.variables = { [this.state.key]: this.rootVariables() };
    this.state.state = 'TERMINATED';
    this.effects.push({ kind: 'instanceTerminated', instanceKey: this.state.key });
  }

  // ---- token flow -------------------------------------------------------------------------

  private run(): void {
    for (let step = this.agenda.shift(); step; step = this.agenda.shift()) {
      if (this.state.state !== 'ACTIVE') return;
      if (step.kind === 'activate') this.activate(step.elementId, step.scopeKey);
      else if (step.kind === 'take') this.takeFlow(this.flow(step.flowId), step.scopeKey);
      else this.checkScope(step.scopeKey);
    }
  }

  private activate(elementId: string, scopeKey: string): void {
    const instance: ElementInstance = {
      key: this.context.nextKey(),
      elementId,
      scopeKey,
      phase: 'activating',
    };
    this.state.elements[instance.key] = instance;
    this.activateInstance(instance);
  }

  private activateInstance(instance: ElementInstance): void {
    const element = this.element(instance.elementId);
    instance.phase = 'activating';
    if (!this.applyInputs(instance, element)) return;

    switch (element.kind) {
      case 'startEvent':
      case 'endEvent':
      case 'intermediateThrowEvent':
      case 'passThroughTask':
        this.complete(instance, undefined);
        return;
      case 'jobTask':
        this.createJob(instance, element);
        return;
      case 'scriptTask': {
        const script = element.script as NonNullable<ElementModel['script']>;
        const result = evaluateNullable(script.expression, this.visibleVariables(instance.key));
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
        this.agenda.push({
          kind: 'activate',
          elementId: element.startEventId as string,
          scopeKey: instance.key,
        });
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
    if (element.outputs.length > 0) {
      // With output mappings, the result stays local and only the mapped values leave the scope.
      if (result) Object.assign((this.state.variables[instance.key] ??= {}), result);
      const context = this.visibleVariables(instance.key);
      const produced: Variables = {};
      for (const mapping of element.outputs) {
        const value = evaluateNullable(mapping.source, context);
        if (!value.ok) return this.raiseIncident(instance, 'IO_MAPPING_ERROR', value.message);
        mergeAtPath(
          produced,
          mapping.target,
          value.value,
          this.lookup(instance.scopeKey, rootName(mapping.target)),
        );
      }
      this.propagate(instance.scopeKey, produced);
    } else if (result) {
      this.propagate(instance.key, result);
    }

    this.removeElement(instance);
    if (element.kind === 'endEvent' && element.terminate) {
      this.terminateScope(instance.scopeKey);
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
    if (scope && scope.phase === 'waiting') this.complete(scope, undefined);
  }

  private finishInstance(): void {
    this.state.state = 'COMPLETED';
    this.effects.push({
      kind: 'instanceCompleted',
      instanceKey: this.state.key,
      variables: { ...this.rootVariables() },
    });
  }

  /** A terminate end event: everything else in the scope stops, then the scope completes. */
  private terminateScope(scopeKey: string): void {
    for (const instance of Object.values(this.state.elements)) {
      if (this.isInside(instance, scopeKey)) this.terminateElement(instance);
    }
    delete this.state.joins[scopeKey];
    this.agenda.splice(
      0,
      this.agenda.length,
      ...this.agenda.filter((step) => !this.stepInside(step, scopeKey)),
    );
    this.agenda.push({ kind: 'scopeCheck', scopeKey });
  }

  private terminateElement(instance: ElementInstance): void {
    if (instance.jobKey) this.effects.push({ kind: 'cancelJob', jobKey: instance.jobKey });
    if (instance.incidentKey)
      this.effects.push({ kind: 'resolveIncident', incidentKey: instance.incidentKey });
    if (instance.childInstanceKey)
      this.effects.push({ kind: 'cancelChildInstance', childKey: instance.childInstanceKey });
    delete this.state.joins[instance.key];
    this.removeElement(instance);
  }

  // ---- element behaviours -----------------------------------------------------------------

  private createJob(instance: ElementInstance, element: ElementModel): void {
    const job = element.job as NonNullable<ElementModel['job']>;
    const context = this.visibleVariables(instance.key);
    const type = this.evaluateString(job.type, context, 'job type');
    if (!type.ok) return this.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', type.message);
    const retries = this.evaluateRetries(job.retries, context);
    if (!retries.ok) return this.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', retries.message);
    const headers: Record<string, string> = {};
    if (element.userTask) {
      const userTaskHeaders = this.userTaskHeaders(element, context);
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
  }

  /** Job-worker user tasks carry their assignment in `io.camunda.zeebe:*` headers, as Zeebe 8.5. */
  private userTaskHeaders(
    element: ElementModel,
    context: Variables,
  ): { ok: true; value: Record<string, string> } | { ok: false; message: string } {
    const task = element.userTask ?? {};
    const headers: Record<string, string> = {};
    const prefix = 'io.camunda.zeebe:';
    if (task.assignee) {
      const value = this.evaluateString(task.assignee, context, 'assignee');
      if (!value.ok) return value;
      if (value.value !== '') headers[`${prefix}assignee`] = value.value;
    }
    for (const [name, expression] of [
      ['candidateGroups', task.candidateGroups],
      ['candidateUsers', task.candidateUsers],
    ] as const) {
      if (!expression) continue;
      const value = this.evaluateList(expression, context, name);
      if (!value.ok) return value;
      if (value.value.length > 0) headers[`${prefix}${name}`] = JSON.stringify(value.value);
    }
    for (const [name, expression] of [
      ['dueDate', task.dueDate],
      ['followUpDate', task.followUpDate],
    ] as const) {
      if (!expression) continue;
      const value = this.evaluateDate(expression, context, name);
      if (!value.ok) return value;
      headers[`${prefix}${name}`] = value.value;
    }
    if (task.formKey) headers[`${prefix}formKey`] = task.formKey;
    return { ok: true, value: headers };
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
        const result = evaluateNullable(condition, context);
        if (!result.ok) return this.raiseIncident(instance, 'CONDITION_ERROR', result.message);
        if (typeof result.value !== 'boolean') {
          return this.raiseIncident(
            instance,
            'CONDITION_ERROR',
            `Expected result of the expression '${sourceOf(condition)}' to be 'BOOLEAN', but was '${feelType(result.value)}'`,
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
    const processId = this.evaluateString(called.processId, context, 'called process id');
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
  }

  // ---- variables --------------------------------------------------------------------------

  private applyInputs(instance: ElementInstance, element: ElementModel): boolean {
    if (element.inputs.length === 0) return true;
    const locals: Variables = {};
    this.state.variables[instance.key] = locals;
    for (const mapping of element.inputs) {
      // Later inputs may read earlier ones, so each sees the locals made so far.
      const value = evaluateNullable(mapping.source, this.visibleVariables(instance.key));
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
    for (const [name, value] of Object.entries(variables)) {
      let target = this.state.key;
      for (let scope: string | undefined = scopeKey; scope; scope = this.parentScope(scope)) {
        if (Object.prototype.hasOwnProperty.call(this.state.variables[scope] ?? {}, name)) {
          target = scope;
          break;
        }
      }
      (this.state.variables[target] ??= {})[name] = value;
    }
  }

  visibleVariables(scopeKey: string): Variables {
    return visibleVariables(this.state, scopeKey);
  }

  private lookup(scopeKey: string, name: string): unknown {
    return this.visibleVariables(scopeKey)[name];
  }

  private parentScope(scopeKey: string): string | undefined {
    if (scopeKey === this.state.key) return undefined;
    return this.state.elements[scopeKey]?.scopeKey ?? this.state.key;
  }

  private rootVariables(): Variables {
    return (this.state.variables[this.state.key] ??= {});
  }

  // ---- helpers ----------------------------------------------------------------------------

  private raiseIncident(instance: ElementInstance, type: IncidentType, message: string): void {
    const key = this.context.nextKey();
    instance.incidentKey = key;
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

  private removeElement(instance: ElementInstance): void {
    delete this.state.elements[instance.key];
    delete this.state.variables[instance.key];
  }

  private isInside(instance: ElementInstance, scopeKey: string): boolean {
    for (
      let scope: string | undefined = instance.scopeKey;
      scope;
      scope = this.parentScope(scope)
    ) {
      if (scope === scopeKey) return true;
    }
    return false;
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

  private evaluateString(
    expression: Expression,
    context: Variables,
    what: string,
  ): { ok: true; value: string } | { ok: false; message: string } {
    const result = evaluateExpression(expression, context);
    if (!result.ok) return result;
    if (typeof result.value !== 'string') {
      return {
        ok: false,
        message: `Expected result of the ${what} expression '${sourceOf(expression)}' to be 'STRING', but was '${feelType(result.value)}'`,
      };
    }
    return { ok: true, value: result.value };
  }

  private evaluateRetries(
    expression: Expression,
    context: Variables,
  ): { ok: true; value: number } | { ok: false; message: string } {
    if (expression.kind === 'static') return { ok: true, value: Number(expression.text) };
    const result = evaluateExpression(expression, context);
    if (!result.ok) return result;
    if (typeof result.value !== 'number' || !Number.isInteger(result.value)) {
      return {
        ok: false,
        message: `Expected result of the job retries expression '${expression.source}' to be 'NUMBER', but was '${feelType(result.value)}'`,
      };
    }
    return { ok: true, value: result.value };
  }

  private evaluateList(
    expression: Expression,
    context: Variables,
    what: string,
  ): { ok: true; value: string[] } | { ok: false; message: string } {
    if (expression.kind === 'static') {
      return {
        ok: true,
        value: expression.text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    }
    const result = evaluateExpression(expression, context);
    if (!result.ok) return result;
    if (!Array.isArray(result.value) || result.value.some((v) => typeof v !== 'string')) {
      return {
        ok: false,
        message: `Expected result of the ${what} expression '${expression.source}' to be 'ARRAY' of strings, but was '${feelType(result.value)}'`,
      };
    }
    return { ok: true, value: result.value as string[] };
  }

  private evaluateDate(
    expression: Expression,
    context: Variables,
    what: string,
  ): { ok: true; value: string } | { ok: false; message: string } {
    const result = evaluateExpression(expression, context);
    if (!result.ok) return result;
    if (typeof result.value !== 'string' || Number.isNaN(Date.parse(result.value))) {
      return {
        ok: false,
        message: `Expected result of the ${what} expression '${sourceOf(expression)}' to be a valid date-time, but was '${String(result.value)}'`,
      };
    }
    return { ok: true, value: result.value };
  }
}

function isGateway(element: ElementModel): boolean {
  return (
    element.kind === 'exclusiveGateway' ||
    element.kind === 'inclusiveGateway' ||
    element.kind === 'parallelGateway'
  );
}

function rootName(target: string): string {
  return target.split('.')[0] ?? target;
}

function sourceOf(expression: Expression): string {
  return expression.kind === 'feel' ? expression.source : expression.text;
}

function feelType(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return 'ARRAY';
  if (typeof value === 'object') return 'OBJECT';
  return typeof value === 'number' ? 'NUMBER' : typeof value === 'boolean' ? 'BOOLEAN' : 'STRING';
}
