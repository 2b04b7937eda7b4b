/**
 * The executable form of a deployed BPMN process: what the runtime needs and nothing of the XML.
 * Built once per deployed version by parse-bpmn.ts and cached; plain data, no behaviour.
 */

/** A Zeebe expression: FEEL when the attribute starts with `=`, otherwise a static string. */
export type Expression = { kind: 'static'; text: string } | { kind: 'feel'; source: string };

export interface Mapping {
  source: Expression;
  /** Variable name, or a dotted path (`order.status`) to write inside an object. */
  target: string;
}

export interface JobDefinition {
  type: Expression;
  retries: Expression;
  /** `zeebe:taskHeaders`, sent as the job's custom headers. */
  headers: Record<string, string>;
}

/** Job-worker user task properties; they become `io.camunda.zeebe:*` job headers. */
export interface UserTaskDefinition {
  assignee?: Expression;
  candidateGroups?: Expression;
  candidateUsers?: Expression;
  dueDate?: Expression;
  followUpDate?: Expression;
  formKey?: string;
}

export interface CalledElement {
  processId: Expression;
  propagateAllChildVariables: boolean;
  propagateAllParentVariables: boolean;
}

/** What an event waits for or throws. Codes and names are static where Zeebe requires it. */
export type EventDefinition =
  | { type: 'none' }
  | { type: 'timer'; timer: TimerDefinition }
  | { type: 'message'; name: Expression; correlationKey?: Expression }
  | { type: 'signal'; name: Expression }
  /** `code` undefined: a catch-all error catch event. */
  | { type: 'error'; code?: Expression }
  /** `code` undefined: a catch-all escalation catch event. */
  | { type: 'escalation'; code?: Expression }
  | { type: 'link'; name: string }
  | { type: 'terminate' };

export interface TimerDefinition {
  kind: 'duration' | 'date' | 'cycle';
  expression: Expression;
}

export interface MultiInstance {
  sequential: boolean;
  inputCollection: Expression;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: Expression;
  completionCondition?: Expression;
}

export type ElementKind =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateThrowEvent'
  | 'intermediateCatchEvent'
  | 'boundaryEvent'
  | 'receiveTask'
  | 'eventBasedGateway'
  | 'jobTask'
  | 'passThroughTask'
  | 'scriptTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'subProcess'
  | 'callActivity';

export interface ElementModel {
  id: string;
  name?: string;
  /** The BPMN type as Zeebe names it in records (`SERVICE_TASK`, `EXCLUSIVE_GATEWAY`, ...). */
  bpmnType: string;
  kind: ElementKind;
  /** Id of the flow scope holding the element: the process id, or a subprocess id. */
  scopeId: string;
  incoming: string[];
  outgoing: string[];
  inputs: Mapping[];
  outputs: Mapping[];
  job?: JobDefinition;
  userTask?: UserTaskDefinition;
  /** `zeebe:script`: a FEEL script task evaluated by the engine. */
  script?: { expression: Expression; resultVariable: string };
  calledElement?: CalledElement;
  /** Exclusive and inclusive gateways: the flow taken when no condition holds. */
  defaultFlowId?: string;
  /** End events: a terminate end event ends its whole flow scope. */
  terminate?: boolean;
  /** Subprocesses: the none start event inside. */
  startEventId?: string;
  /** Events (and receive tasks, as a message event): what the element waits for or throws. */
  event?: EventDefinition;
  /** Boundary events: the activity they are attached to, and whether they interrupt it. */
  attachedTo?: string;
  cancelActivity?: boolean;
  /** Activities: the ids of their boundary events. */
  boundaryEvents: string[];
  /** Processes and subprocesses are scopes; these are the event subprocesses inside them. */
  eventSubprocesses: string[];
  /** Event subprocesses: triggered by their start event rather than by a flow. */
  triggeredByEvent?: boolean;
  /** Start events of event subprocesses: whether the event subprocess interrupts its scope. */
  interrupting?: boolean;
  multiInstance?: MultiInstance;
}

export interface FlowModel {
  id: string;
  sourceId: string;
  targetId: string;
  condition?: Expression;
}

export interface ProcessModel {
  bpmnProcessId: string;
  name?: string;
  elements: ReadonlyMap<string, ElementModel>;
  flows: ReadonlyMap<string, FlowModel>;
  /** The none start event at the process level (CreateProcessInstance starts there). */
  startEventId?: string;
  /** Timer, message and signal start events at the process level. */
  eventStartIds: string[];
  /** Event subprocesses directly in the process. */
  eventSubprocesses: string[];
}

/** Job type of job-worker user tasks, as in Zeebe 8.5. */
export const userTaskJobType = 'io.camunda.zeebe:userTask';
