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
import type {
  CalledElement,
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
  const startEventId = readScope(process, bpmnProcessId, elements, flows, problems, true);
  return { bpmnProcessId, name: str(process.name), elements, flows, startEventId };
}

/** Reads the flow elements of a process or subprocess; returns its none start event's id. */
function readScope(
  container: ModdleElement,
  scopeId: string,
  elements: Map<string, ElementModel>,
  flows: Map<string, FlowModel>,
  problems: string[],
  isProcess: boolean,
): string | undefined {
  const noneStarts: string[] = [];
  const members = list(container.flowElements);
  for (const node of members) {
    if (node.$instanceOf('bpmn:SequenceFlow')) {
      const flow = readFlow(node, problems);
      if (flow) flows.set(flow.id, flow);
    }
  }
  for (const node of members) {
    if (node.$instanceOf('bpmn:SequenceFlow')) continue;
    if (ignoredTypes.some((type) => node.$instanceOf(type))) continue;
    const element = readElement(node, scopeId, problems);
    if (!element) continue;
    if (elements.has(element.id)) problems.push(`Element '${element.id}': the id is used twice`);
    elements.set(element.id, element);
    if (element.kind === 'startEvent') noneStarts.push(element.id);
    if (element.kind === 'subProcess') {
      element.startEventId = readScope(node, element.id, elements, flows, problems, false);
    }
  }
  for (const flow of flows.values()) {
    const source = elements.get(flow.sourceId);
    if (source?.scopeId === scopeId) source.outgoing.push(flow.id);
    const target = elements.get(flow.targetId);
    if (target?.scopeId === scopeId) target.incoming.push(flow.id);
  }
  const where = isProcess ? `Process '${scopeId}'` : `Sub-process '${scopeId}'`;
  if (noneStarts.length === 0) problems.push(`${where}: must have a none start event`);
  if (noneStarts.length > 1)
    problems.push(`${where}: must have exactly one none start event, found ${noneStarts.length}`);
  return noneStarts[0];
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

function readElement(
  node: ModdleElement,
  scopeId: string,
  problems: string[],
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
  });
  const unsupported = (what: string) => {
    problems.push(`${where}: ${what} is not supported by the embedded engine yet`);
    return undefined;
  };

  if (node.$instanceOf('bpmn:BoundaryEvent')) return unsupported('a boundary event');
  if (list(node.eventDefinitions).length > 0 && !isTerminateEnd(node)) {
    const definition =
      list(node.eventDefinitions)[0]?.$type.replace('bpmn:', '') ?? 'event definition';
    return unsupported(
      `a ${definition.replace('EventDefinition', '').toLowerCase()} ${node.$type.replace('bpmn:', '')}`,
    );
  }
  if (node.loopCharacteristics) return unsupported('multi-instance');

  let element: ElementModel;
  switch (node.$type) {
    case 'bpmn:StartEvent':
      element = base('startEvent', 'START_EVENT');
      break;
    case 'bpmn:EndEvent':
      element = base('endEvent', 'END_EVENT');
      element.terminate = isTerminateEnd(node);
      break;
    case 'bpmn:IntermediateThrowEvent':
      element = base('intermediateThrowEvent', 'INTERMEDIATE_THROW_EVENT');
      break;
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
        if (expression.kind !== 'feel')
          problems.push(
            `${where}: zeebe:script expression must be a FEEL expression starting with '='`,
          );
        else checkFeel(where, 'zeebe:script expression', expression, problems);
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
      if (extension(node, 'zeebe:UserTask'))
        return unsupported('a Camunda user task (zeebe:userTask); use a job-worker user task');
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
    case 'bpmn:SubProcess':
      if (node.triggeredByEvent) return unsupported('an event sub-process');
      element = base('subProcess', 'SUB_PROCESS');
      break;
    case 'bpmn:CallActivity':
      element = base('callActivity', 'CALL_ACTIVITY');
      element.calledElement = readCalledElement(node, where, problems);
      break;
    default:
      return unsupported(`the element type ${node.$type}`);
  }
  const io = extension(node, 'zeebe:IoMapping');
  if (io) {
    element.inputs = readMappings(list(io.inputParameters), where, 'input', problems);
    element.outputs = readMappings(list(io.outputParameters), where, 'output', problems);
  }
  return element;
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

function isTerminateEnd(node: ModdleElement): boolean {
  const definitions = list(node.eventDefinitions);
  return (
    node.$type === 'bpmn:EndEvent' &&
    definitions.length === 1 &&
    definitions[0]?.$type === 'bpmn:TerminateEventDefinition'
  );
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
