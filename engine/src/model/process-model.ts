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

export type ElementKind =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateThrowEvent'
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
}

/** Job type of job-worker user tasks, as in Zeebe 8.5. */
export const userTaskJobType = 'io.camunda.zeebe:userTask';
