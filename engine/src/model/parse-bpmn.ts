/**
 * Reads a BPMN resource into executable ProcessModels, or says exactly what is wrong with it.
 *
 * Every problem names the element and the reason, as Zeebe's deployment rejection does, and all
 * problems are reported at once so a designer can fix a diagram in one pass. Elements this engine
 * cannot run yet are refused here rather than misbehaving at run time.
 */
import { createRequire } from 'node:module';

import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';

import { feelSyntaxError, toExpression } from '../expressions/feel.js';
import { parseCycle, parseDate, parseDuration } from '../timers/timer-expressions.js';
import type {
  CalledElement,
  EventDefinition,
  MultiInstance,
  ElementKind,
  ElementModel,
  Expression,
  FlowModel,
  JobDefinition,
  Mapping,
  ProcessModel,
  UserTaskDefinition,
} from './process-model.js';
import { userTaskJobType } from './process-model.js';

const zeebeSchema = createRequire(import.meta.url)(
  'zeebe-bpmn-moddle/resources/zeebe.json',
) as Record<string, unknown>;

export interface ParsedResource {
  processes: ProcessModel[];
}

export class InvalidResourceError extends Error {
  constructor(
    readonly resourceName: string,
    readonly problems: readonly string[],
  ) {
    super(`'${resourceName}': ${problems.join('; ')}`);
    this.name = 'InvalidResourceError';
  }
}

const restrictedHeaderPrefix = 'io.camunda.zeebe:';

export async function parseBpmn(resourceName: string, xml: string): Promise<ParsedResource> {
  let definitions: ModdleElement;
  const problems: string[] = [];
  try {
    const result = await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(xml);
    definitions = result.rootElement;
    for (const warning of result.warnings) {
      // Unknown elements and attributes arrive as warnings; an unknown element would be silently
      // dropped, so it is an error here.
      if (/unparsable content|unknown type|unresolved reference/i.test(warning.message)) {
        problems.push(warning.message.split('\n')[0] ?? warning.message);
      }
    }
  } catch (error) {
    throw new InvalidResourceError(resourceName, [
      `not a valid BPMN XML document: ${(error as Error).message.split('\n')[0]}`,
    ]);
  }
  if (!definitions.$instanceOf('bpmn:Definitions')) {
    throw new InvalidResourceError(resourceName, ['the document root is not bpmn:definitions']);
  }

  const processes: ProcessModel[] = [];
  for (const root of list(definitions.rootElements)) {
    if (!root.$instanceOf('bpmn:Process') || root.isExecutable === false) continue;
    processes.push(readProcess(root, problems));
  }
  if (processes.length === 0 && problems.length === 0) {
    problems.push('must contain at least one executable process');
  }
  if (problems.length > 0) throw new InvalidResourceError(resourceName, [...new Set(problems)]);
  return { processes };
}

function readProcess(process: ModdleElement, problems: string[]): ProcessModel {
  const bpmnProcessId = String(process.id ?? '');
  if (!/^[A-Za-z_][\w.-]*$/.test(bpmnProcessId)) {
    problems.push(
      `Process '${bpmnProcessId}': the id must start with a letter or '_' and hold only letters, digits, '_', '-' and '.'`,
    );
  }
  const elements = new Map<string, ElementModel>();
  const flows = new Map<string, FlowModel>();
  const scope = readScope(process, bpmnProcessId, elements, flows, problems, 'process');
  checkLinks(elements, problems);
  checkEventBasedGateways(elements, flows, problems);
  return {
    bpmnProcessId,
    name: str(process.name),
    elements,
    flows,
    startEventId: scope.noneStart,
    eventStartIds: scope.eventStarts,
    eventSubprocesses: scope.eventSubprocesses,
  };
}

type ScopeKind = 'process' | 'subProcess' | 'eventSubProcess';

/** Reads the flow elements of a process or subprocess. */
function readScope(
  container: ModdleElement,
  scopeId: string,
  elements: Map<string, ElementModel>,
  flows: Map<string, FlowModel>,
  problems: string[],
  kind: ScopeKind,
): { noneStart?: string; eventStarts: string[]; eventSubprocesses: string[] } {
  const noneStarts: string[] = [];
  const eventStarts: string[] = [];
  const eventSubprocesses: string[] = [];
  const members = list(container.flowElements);
  const local = new Map<string, FlowModel>();
  for (const node of members) {
    if (node.$instanceOf('bpmn:SequenceFlow')) {
      const flow = readFlow(node, problems);
      if (flow) {
        flows.set(flow.id, flow);
        local.set(flow.id, flow);
      }
    }
  }
  const scopeElements: ElementModel[] = [];
  for (const node of members) {
    if (node.$instanceOf('bpmn:SequenceFlow')) continue;
    if (ignoredTypes.some((type) => node.$instanceOf(type))) continue;
    const element = readElement(node, scopeId, problems, kind);
    if (!element) continue;
    if (elements.has(element.id)) problems.push(`Element '${element.id}': the id is used twice`);
    elements.set(element.id, element);
    scopeElements.push(element);
    if (element.kind === 'startEvent') {
      if (element.event?.type === 'none') noneStarts.push(element.id);
      else eventStarts.push(element.id);
    }
    if (element.kind === 'subProcess') {
      const inner = readScope(
        node,
        element.id,
        elements,
        flows,
        problems,
        element.triggeredByEvent ? 'eventSubProcess' : 'subProcess',
      );
      element.startEventId = inner.noneStart ?? inner.eventStarts[0];
      element.eventSubprocesses = inner.eventSubprocesses;
      if (element.triggeredByEvent) {
        eventSubprocesses.push(element.id);
        const start = element.startEventId ? elements.get(element.startEventId) : undefined;
        if (start) element.interrupting = start.interrupting;
      }
    }
  }
  for (const flow of local.values()) {
    const source = elements.get(flow.sourceId);
    const target = elements.get(flow.targetId);
    if (!source || !target) {
      problems.push(
        `Sequence flow '${flow.id}': its source and target must be elements of the same scope`,
      );
      continue;
    }
    if (source.scopeId !== target.scopeId) {
      problems.push(`Sequence flow '${flow.id}': it must not cross the border of a sub-process`);
      continue;
    }
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
  }
  for (const element of scopeElements) {
    if (element.kind === 'boundaryEvent') attachBoundary(element, elements, problems);
    if (
      (element.kind === 'startEvent' || element.kind === 'boundaryEvent') &&
      element.incoming.length > 0
    ) {
      problems.push(
        `Element '${element.id}': a ${element.kind === 'startEvent' ? 'start' : 'boundary'} event must not have incoming sequence flows`,
      );
    }
    if (element.triggeredByEvent && (element.incoming.length > 0 || element.outgoing.length > 0)) {
      problems.push(
        `Element '${element.id}': an event sub-process must not have incoming or outgoing sequence flows`,
      );
    }
  }

  const where = kind === 'process' ? `Process '${scopeId}'` : `Sub-process '${scopeId}'`;
  if (kind === 'process') {
    if (noneStarts.length === 0 && eventStarts.length === 0)
      problems.push(`${where}: must have at least one start event`);
    if (noneStarts.length > 1)
      problems.push(`${where}: must have at most one none start event, found ${noneStarts.length}`);
  } else if (kind === 'subProcess') {
    if (noneStarts.length !== 1 || eventStarts.length > 0)
      problems.push(`${where}: must have exactly one none start event`);
  } else if (noneStarts.length > 0 || eventStarts.length !== 1) {
    problems.push(
      `${where}: an event sub-process must have exactly one start event with a timer, message, signal, error or escalation definition`,
    );
  }
  return { noneStart: noneStarts[0], eventStarts, eventSubprocesses };
}

function attachBoundary(
  boundary: ElementModel,
  elements: Map<string, ElementModel>,
  problems: string[],
): void {
  const host = boundary.attachedTo ? elements.get(boundary.attachedTo) : undefined;
  if (
    !host ||
    host.kind === 'boundaryEvent' ||
    host.kind.endsWith('Gateway') ||
    host.kind.endsWith('Event')
  ) {
    problems.push(`Element '${boundary.id}': a boundary event must be attached to an activity`);
    return;
  }
  host.boundaryEvents.push(boundary.id);
}

// Artifacts, data and lanes carry no behaviour.
const ignoredTypes = ['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference'];

function readFlow(node: ModdleElement, problems: string[]): FlowModel | undefined {
  const id = String(node.id);
  const source = node.sourceRef as ModdleElement | undefined;
  const target = node.targetRef as ModdleElement | undefined;
  if (!source?.id || !target?.id) {
    problems.push(`Sequence flow '${id}': must have a source and a target`);
    return undefined;
  }
  const body = str((node.conditionExpression as ModdleElement | undefined)?.body);
  let condition: Expression | undefined;
  if (body !== undefined) {
    condition = toExpression(body);
    if (condition.kind === 'static') {
      problems.push(
        `Sequence flow '${id}': the condition must be a FEEL expression starting with '='`,
      );
    } else {
      checkFeel(`Sequence flow '${id}'`, 'condition', condition, problems);
    }
  }
  return { id, sourceId: source.id, targetId: target.id, condition };
}

/** Which event definitions Zeebe 8.5 allows where (zeebe-semantics.md §2.1). */
const allowedEvents: Record<string, readonly EventDefinition['type'][]> = {
  'process:startEvent': ['none', 'timer', 'message', 'signal'],
  'subProcess:startEvent': ['none'],
  'eventSubProcess:startEvent': ['timer', 'message', 'signal', 'error', 'escalation'],
  intermediateCatchEvent: ['timer', 'message', 'signal', 'link'],
  intermediateThrowEvent: ['none', 'escalation', 'link', 'signal', 'message'],
  endEvent: ['none', 'terminate', 'error', 'escalation', 'signal', 'message'],
  boundaryEvent: ['timer', 'message', 'signal', 'error', 'escalation'],
};

function readElement(
  node: ModdleElement,
  scopeId: string,
  problems: string[],
  scopeKind: ScopeKind,
): ElementModel | undefined {
  const id = String(node.id ?? '');
  const where = `Element '${id}'`;
  const base = (kind: ElementKind, bpmnType: string): ElementModel => ({
    id,
    name: str(node.name),
    bpmnType,
    kind,
    scopeId,
    incoming: [],
    outgoing: [],
    inputs: [],
    outputs: [],
    boundaryEvents: [],
    eventSubprocesses: [],
  });
  const unsupported = (what: string) => {
    problems.push(`${where}: ${what} is not supported by the embedded engine yet`);
    return undefined;
  };

  let element: ElementModel;
  switch (node.$type) {
    case 'bpmn:StartEvent':
    case 'bpmn:IntermediateCatchEvent':
    case 'bpmn:IntermediateThrowEvent':
    case 'bpmn:EndEvent':
    case 'bpmn:BoundaryEvent': {
      const kind = (node.$type.charAt(5).toLowerCase() + node.$type.slice(6)) as ElementKind;
      element = base(kind, snake(node.$type));
      const event = readEvent(node, where, problems);
      if (!event) return undefined;
      const allowed = allowedEvents[kind === 'startEvent' ? `${scopeKind}:startEvent` : kind] ?? [];
      if (!allowed.includes(event.type)) {
        const position =
          kind === 'startEvent' && scopeKind !== 'process'
            ? `start event of ${scopeKind === 'subProcess' ? 'a sub-process' : 'an event sub-process'}`
            : node.$type.replace('bpmn:', '');
        problems.push(`${where}: a ${event.type} event is not allowed as ${position}`);
        return undefined;
      }
      element.event = event;
      element.terminate = event.type === 'terminate';
      if (kind === 'boundaryEvent') {
        element.attachedTo = str((node.attachedToRef as ModdleElement | undefined)?.id);
        element.cancelActivity = node.cancelActivity !== false;
        if (event.type === 'error' && !element.cancelActivity)
          problems.push(`${where}: an error boundary event must be interrupting`);
        if (event.type === 'timer' && event.timer.kind === 'cycle' && element.cancelActivity) {
          problems.push(
            `${where}: an interrupting timer boundary event must use a duration or a date, not a cycle`,
          );
        }
      }
      if (kind === 'startEvent') {
        element.interrupting = node.isInterrupting !== false;
        if (scopeKind === 'eventSubProcess' && event.type === 'error' && !element.interrupting) {
          problems.push(`${where}: an error start event must be interrupting`);
        }
        if (event.type === 'timer' && scopeKind === 'process' && event.timer.kind === 'duration') {
          problems.push(`${where}: a timer start event must use a date or a cycle`);
        }
      }
      if (
        kind === 'intermediateCatchEvent' &&
        event.type === 'timer' &&
        event.timer.kind === 'cycle'
      ) {
        problems.push(`${where}: a timer catch event must use a duration or a date, not a cycle`);
      }
      if (event.type === 'message' && (kind === 'intermediateThrowEvent' || kind === 'endEvent')) {
        // Message throw events are job-based in Zeebe, like a send task.
        element.job = readJob(node, where, problems);
      }
      if (
        event.type === 'message' &&
        (kind === 'intermediateCatchEvent' || kind === 'boundaryEvent') &&
        !event.correlationKey
      ) {
        problems.push(`${where}: the message must have a zeebe:subscription with a correlationKey`);
      }
      break;
    }
    case 'bpmn:ReceiveTask': {
      element = base('receiveTask', 'RECEIVE_TASK');
      const event = readMessage(node, where, problems);
      if (!event) return undefined;
      if (!event.correlationKey)
        problems.push(`${where}: the message must have a zeebe:subscription with a correlationKey`);
      element.event = event;
      break;
    }
    case 'bpmn:ServiceTask':
    case 'bpmn:SendTask':
    case 'bpmn:BusinessRuleTask':
    case 'bpmn:ScriptTask': {
      const bpmnType = snake(node.$type);
      const script = extension(node, 'zeebe:Script');
      if (node.$type === 'bpmn:ScriptTask' && script) {
        element = base('scriptTask', bpmnType);
        const expression = toExpression(str(script.expression) ?? '');
        const resultVariable = str(script.resultVariable) ?? '';
        if (expression.kind !== 'feel') {
          problems.push(
            `${where}: zeebe:script expression must be a FEEL expression starting with '='`,
          );
        } else checkFeel(where, 'zeebe:script expression', expression, problems);
        if (resultVariable === '')
          problems.push(`${where}: zeebe:script must have a resultVariable`);
        element.script = { expression, resultVariable };
        break;
      }
      if (node.$type === 'bpmn:BusinessRuleTask' && extension(node, 'zeebe:CalledDecision')) {
        return unsupported('a DMN business rule task (zeebe:calledDecision)');
      }
      element = base('jobTask', bpmnType);
      element.job = readJob(node, where, problems);
      break;
    }
    case 'bpmn:UserTask':
      if (extension(node, 'zeebe:UserTask')) {
        return unsupported('a Camunda user task (zeebe:userTask); use a job-worker user task');
      }
      element = base('jobTask', 'USER_TASK');
      element.job = {
        type: { kind: 'static', text: userTaskJobType },
        retries: { kind: 'static', text: '1' },
        headers: readHeaders(node, where, problems),
      };
      element.userTask = readUserTask(node, where, problems);
      break;
    case 'bpmn:ManualTask':
    case 'bpmn:Task':
      element = base('passThroughTask', snake(node.$type));
      break;
    case 'bpmn:ExclusiveGateway':
    case 'bpmn:InclusiveGateway':
      element = base(
        node.$type === 'bpmn:ExclusiveGateway' ? 'exclusiveGateway' : 'inclusiveGateway',
        snake(node.$type),
      );
      element.defaultFlowId = str((node.default as ModdleElement | undefined)?.id);
      break;
    case 'bpmn:ParallelGateway':
      element = base('parallelGateway', 'PARALLEL_GATEWAY');
      break;
    case 'bpmn:EventBasedGateway':
      element = base('eventBasedGateway', 'EVENT_BASED_GATEWAY');
      break;
    case 'bpmn:SubProcess':
      element = base('subProcess', node.triggeredByEvent ? 'EVENT_SUB_PROCESS' : 'SUB_PROCESS');
      element.triggeredByEvent = node.triggeredByEvent === true;
      break;
    case 'bpmn:CallActivity':
      element = base('callActivity', 'CALL_ACTIVITY');
      element.calledElement = readCalledElement(node, where, problems);
      break;
    case 'bpmn:Transaction':
    case 'bpmn:AdHocSubProcess':
    case 'bpmn:ComplexGateway':
      return unsupported(`the element type ${node.$type}`);
    default:
      return unsupported(`the element type ${node.$type}`);
  }
  const loop = node.loopCharacteristics as ModdleElement | undefined;
  if (loop) {
    if (!loop.$instanceOf('bpmn:MultiInstanceLoopCharacteristics'))
      return unsupported('a standard loop (use multi-instance)');
    if (
      ![
        'jobTask',
        'scriptTask',
        'passThroughTask',
        'receiveTask',
        'subProcess',
        'callActivity',
      ].includes(element.kind)
    ) {
      problems.push(
        `${where}: multi-instance is only allowed on tasks, sub-processes and call activities`,
      );
    } else {
      element.multiInstance = readMultiInstance(loop, where, problems);
    }
  }
  const io = extension(node, 'zeebe:IoMapping');
  if (io) {
    element.inputs = readMappings(list(io.inputParameters), where, 'input', problems);
    element.outputs = readMappings(list(io.outputParameters), where, 'output', problems);
  }
  return element;
}

function readEvent(
  node: ModdleElement,
  where: string,
  problems: string[],
): EventDefinition | undefined {
  const definitions = list(node.eventDefinitions);
  if (definitions.length === 0) return { type: 'none' };
  if (definitions.length > 1) {
    problems.push(`${where}: an event with several event definitions (multiple) is not supported`);
    return undefined;
  }
  const definition = definitions[0] as ModdleElement;
  switch (definition.$type) {
    case 'bpmn:TimerEventDefinition': {
      const pick = (['timeDuration', 'timeDate', 'timeCycle'] as const).filter(
        (k) => definition[k] !== undefined,
      );
      if (pick.length !== 1) {
        problems.push(
          `${where}: a timer must have exactly one of timeDuration, timeDate or timeCycle`,
        );
        return undefined;
      }
      const property = pick[0] as 'timeDuration' | 'timeDate' | 'timeCycle';
      const body = str((definition[property] as ModdleElement | undefined)?.body) ?? '';
      const expression = toExpression(body.trim());
      checkFeel(where, 'timer', expression, problems);
      const kind =
        property === 'timeDuration' ? 'duration' : property === 'timeDate' ? 'date' : 'cycle';
      if (expression.kind === 'static') {
        const error = checkStaticTimer(kind, expression.text);
        if (error) problems.push(`${where}: ${error}`);
      }
      return { type: 'timer', timer: { kind, expression } };
    }
    case 'bpmn:MessageEventDefinition':
      return readMessage(definition, where, problems);
    case 'bpmn:SignalEventDefinition': {
      const signal = definition.signalRef as ModdleElement | undefined;
      const name = str(signal?.name) ?? '';
      if (name.trim() === '') {
        problems.push(`${where}: the signal must have a name`);
        return undefined;
      }
      const expression = toExpression(name);
      checkFeel(where, 'signal name', expression, problems);
      return { type: 'signal', name: expression };
    }
    case 'bpmn:ErrorEventDefinition': {
      const error = definition.errorRef as ModdleElement | undefined;
      const code = str(error?.errorCode);
      if (node.$type === 'bpmn:EndEvent' && (code === undefined || code.trim() === '')) {
        problems.push(`${where}: an error end event must reference an error with an errorCode`);
      }
      const expression = code !== undefined && code.trim() !== '' ? toExpression(code) : undefined;
      if (expression) checkFeel(where, 'error code', expression, problems);
      return { type: 'error', code: expression };
    }
    case 'bpmn:EscalationEventDefinition': {
      const escalation = definition.escalationRef as ModdleElement | undefined;
      const code = str(escalation?.escalationCode);
      const throwing =
        node.$type === 'bpmn:EndEvent' || node.$type === 'bpmn:IntermediateThrowEvent';
      if (throwing && (code === undefined || code.trim() === '')) {
        problems.push(
          `${where}: an escalation throw event must reference an escalation with an escalationCode`,
        );
      }
      const expression = code !== undefined && code.trim() !== '' ? toExpression(code) : undefined;
      if (expression) checkFeel(where, 'escalation code', expression, problems);
      return { type: 'escalation', code: expression };
    }
    case 'bpmn:LinkEventDefinition': {
      const name = str(definition.name) ?? '';
      if (name.trim() === '') problems.push(`${where}: a link event must have a name`);
      return { type: 'link', name };
    }
    case 'bpmn:TerminateEventDefinition':
      return { type: 'terminate' };
    default:
      problems.push(
        `${where}: a ${definition.$type.replace('bpmn:', '').replace('EventDefinition', '').toLowerCase()} event is not supported by the embedded engine`,
      );
      return undefined;
  }
}

/** Reads the message referenced by a message event definition or a receive task. */
function readMessage(
  holder: ModdleElement,
  where: string,
  problems: string[],
): Extract<EventDefinition, { type: 'message' }> | undefined {
  const message = holder.messageRef as ModdleElement | undefined;
  const name = str(message?.name) ?? '';
  if (!message || name.trim() === '') {
    problems.push(`${where}: must reference a message with a name`);
    return undefined;
  }
  const nameExpression = toExpression(name);
  checkFeel(where, 'message name', nameExpression, problems);
  const subscription = extension(message, 'zeebe:Subscription');
  const key = str(subscription?.correlationKey);
  const correlationKey = key !== undefined && key.trim() !== '' ? toExpression(key) : undefined;
  if (correlationKey) checkFeel(where, 'correlation key', correlationKey, problems);
  return { type: 'message', name: nameExpression, correlationKey };
}

function readMultiInstance(loop: ModdleElement, where: string, problems: string[]): MultiInstance {
  const zeebe = extension(loop, 'zeebe:LoopCharacteristics');
  const inputCollection = toExpression(str(zeebe?.inputCollection) ?? '');
  if (inputCollection.kind !== 'feel')
    problems.push(
      `${where}: multi-instance needs a zeebe:loopCharacteristics inputCollection expression`,
    );
  else checkFeel(where, 'inputCollection', inputCollection, problems);
  const outputElementText = str(zeebe?.outputElement);
  const outputElement = outputElementText ? toExpression(outputElementText) : undefined;
  if (outputElement) checkFeel(where, 'outputElement', outputElement, problems);
  const conditionText = str((loop.completionCondition as ModdleElement | undefined)?.body);
  const completionCondition = conditionText ? toExpression(conditionText) : undefined;
  if (completionCondition) checkFeel(where, 'completionCondition', completionCondition, problems);
  const outputCollection = str(zeebe?.outputCollection) || undefined;
  if (outputCollection && !outputElement)
    problems.push(`${where}: an outputCollection needs an outputElement`);
  return {
    sequential: loop.isSequential === true,
    inputCollection,
    inputElement: str(zeebe?.inputElement) || undefined,
    outputCollection,
    outputElement,
    completionCondition,
  };
}

function checkLinks(elements: Map<string, ElementModel>, problems: string[]): void {
  const catches = new Map<string, string[]>();
  for (const element of elements.values()) {
    if (element.kind === 'intermediateCatchEvent' && element.event?.type === 'link') {
      const key = `${element.scopeId}/${element.event.name}`;
      catches.set(key, [...(catches.get(key) ?? []), element.id]);
    }
  }
  for (const [key, ids] of catches) {
    if (ids.length > 1)
      problems.push(
        `Element '${ids[1]}': the link name '${key.split('/')[1]}' is caught twice in one scope`,
      );
  }
  for (const element of elements.values()) {
    if (element.kind === 'intermediateThrowEvent' && element.event?.type === 'link') {
      if (!catches.has(`${element.scopeId}/${element.event.name}`)) {
        problems.push(
          `Element '${element.id}': no link catch event named '${element.event.name}' in the same scope`,
        );
      }
    }
  }
}

function checkEventBasedGateways(
  elements: Map<string, ElementModel>,
  flows: Map<string, FlowModel>,
  problems: string[],
): void {
  for (const gateway of elements.values()) {
    if (gateway.kind !== 'eventBasedGateway') continue;
    if (gateway.outgoing.length < 2)
      problems.push(
        `Element '${gateway.id}': an event-based gateway must have at least two outgoing sequence flows`,
      );
    for (const flowId of gateway.outgoing) {
      const target = elements.get(flows.get(flowId)?.targetId ?? '');
      const ok =
        (target?.kind === 'intermediateCatchEvent' &&
          ['timer', 'message', 'signal'].includes(target.event?.type ?? '')) ||
        target?.kind === 'receiveTask';
      if (!ok)
        problems.push(
          `Element '${gateway.id}': an event-based gateway may only lead to timer, message or signal catch events or receive tasks`,
        );
      if (target && target.incoming.length > 1)
        problems.push(
          `Element '${target.id}': an event after an event-based gateway must have only one incoming sequence flow`,
        );
    }
  }
}

/** Static timer values are checked at deployment; expressions are checked when evaluated. */
function checkStaticTimer(kind: 'duration' | 'date' | 'cycle', text: string): string | undefined {
  const ok =
    kind === 'duration'
      ? parseDuration(text) !== undefined
      : kind === 'date'
        ? parseDate(text) !== undefined
        : parseCycle(text) !== undefined;
  return ok
    ? undefined
    : `the timer ${kind} '${text}' is not valid ISO 8601${kind === 'cycle' ? ' (R[n]/[start/]duration) or a cron expression' : ''}`;
}

function readJob(node: ModdleElement, where: string, problems: string[]): JobDefinition {
  const definition = extension(node, 'zeebe:TaskDefinition');
  const headers = readHeaders(node, where, problems);
  if (!definition) {
    problems.push(`${where}: must have one extension element of type zeebe:taskDefinition`);
    return { type: { kind: 'static', text: '' }, retries: { kind: 'static', text: '3' }, headers };
  }
  const type = toExpression(str(definition.type) ?? '');
  if (type.kind === 'static' && type.text.trim() === '')
    problems.push(`${where}: zeebe:taskDefinition must have a type`);
  checkFeel(where, 'job type', type, problems);
  const retries = toExpression(str(definition.retries) ?? '3');
  if (retries.kind === 'static' && !/^\d+$/.test(retries.text.trim())) {
    problems.push(
      `${where}: zeebe:taskDefinition retries must be a whole number or a FEEL expression, got '${retries.text}'`,
    );
  }
  checkFeel(where, 'job retries', retries, problems);
  return { type, retries, headers };
}

function readHeaders(
  node: ModdleElement,
  where: string,
  problems: string[],
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const header of list(extension(node, 'zeebe:TaskHeaders')?.values)) {
    const key = str(header.key) ?? '';
    if (key.startsWith(restrictedHeaderPrefix)) {
      problems.push(
        `${where}: the task header '${key}' is reserved (prefix '${restrictedHeaderPrefix}')`,
      );
    }
    headers[key] = str(header.value) ?? '';
  }
  return headers;
}

function readUserTask(node: ModdleElement, where: string, problems: string[]): UserTaskDefinition {
  const task: UserTaskDefinition = {};
  const assignment = extension(node, 'zeebe:AssignmentDefinition');
  const schedule = extension(node, 'zeebe:TaskSchedule');
  const form = extension(node, 'zeebe:FormDefinition');
  const optional = (value: unknown, what: string): Expression | undefined => {
    const text = str(value);
    if (text === undefined || text.trim() === '') return undefined;
    const expression = toExpression(text);
    checkFeel(where, what, expression, problems);
    return expression;
  };
  task.assignee = optional(assignment?.assignee, 'assignee');
  task.candidateGroups = optional(assignment?.candidateGroups, 'candidateGroups');
  task.candidateUsers = optional(assignment?.candidateUsers, 'candidateUsers');
  task.dueDate = optional(schedule?.dueDate, 'dueDate');
  task.followUpDate = optional(schedule?.followUpDate, 'followUpDate');
  const formKey = str(form?.formKey) ?? (str(form?.formId) ? `${str(form?.formId)}` : undefined);
  if (formKey) task.formKey = formKey;
  for (const [what, expression] of [
    ['dueDate', task.dueDate],
    ['followUpDate', task.followUpDate],
  ] as const) {
    if (expression?.kind === 'static' && Number.isNaN(Date.parse(expression.text))) {
      problems.push(
        `${where}: ${what} must be an ISO 8601 date-time or a FEEL expression, got '${expression.text}'`,
      );
    }
  }
  return task;
}

function readCalledElement(node: ModdleElement, where: string, problems: string[]): CalledElement {
  const called = extension(node, 'zeebe:CalledElement');
  const processId = toExpression(str(called?.processId) ?? '');
  if (!called || (processId.kind === 'static' && processId.text.trim() === '')) {
    problems.push(`${where}: must have a zeebe:calledElement with a processId`);
  }
  checkFeel(where, 'called process id', processId, problems);
  return {
    processId,
    propagateAllChildVariables: (called?.propagateAllChildVariables as boolean | undefined) ?? true,
    propagateAllParentVariables:
      (called?.propagateAllParentVariables as boolean | undefined) ?? true,
  };
}

function readMappings(
  nodes: ModdleElement[],
  where: string,
  kind: 'input' | 'output',
  problems: string[],
): Mapping[] {
  return nodes.map((node) => {
    const source = toExpression(str(node.source) ?? '');
    const target = str(node.target) ?? '';
    if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(target)) {
      problems.push(
        `${where}: the ${kind} mapping target '${target}' is not a valid variable name or path`,
      );
    }
    checkFeel(where, `${kind} mapping '${target}'`, source, problems);
    return { source, target };
  });
}

function checkFeel(where: string, what: string, expression: Expression, problems: string[]): void {
  const error = feelSyntaxError(expression);
  if (error) problems.push(`${where}: the ${what} is ${error}`);
}

function extension(node: ModdleElement, type: string): ModdleElement | undefined {
  const values = list((node.extensionElements as ModdleElement | undefined)?.values);
  return values.find((value) => value.$instanceOf(type));
}

function list(value: unknown): ModdleElement[] {
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

// bpmn:ServiceTask → SERVICE_TASK
function snake(type: string): string {
  return type
    .replace('bpmn:', '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toUpperCase();
}
