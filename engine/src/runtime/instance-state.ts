/**
 * The state of one process instance as the engine keeps it: plain JSON, stored as one document
 * per instance. Keys are int64 values carried as decimal strings.
 */
export type Variables = Record<string, unknown>;

export type ElementPhase =
  /** Input mappings and the element's own start work (job, gateway decision, child instance). */
  | 'activating'
  /** Waiting for something outside: a job, a child instance, the elements inside a subprocess. */
  | 'waiting'
  /** Output mappings and variable propagation, then leaving through the outgoing flows. */
  | 'completing';

export interface ElementInstance {
  key: string;
  elementId: string;
  /** Element instance key of the flow scope: the process instance key at the top level. */
  scopeKey: string;
  phase: ElementPhase;
  /** When the element instance was entered (epoch ms); absent in documents written before 0003. */
  startedAt?: number;
  jobKey?: string;
  /** An open incident that stops this element until it is resolved. */
  incidentKey?: string;
  childInstanceKey?: string;
  /** A multi-instance body: the loop's progress over its input collection. */
  loop?: MultiInstanceLoop;
  /** An inner instance of a multi-instance body: its position in the input collection. */
  loopIndex?: number;
  /** A result waiting for an incident on output mappings to be resolved (kept for the retry). */
  pendingResult?: Variables;
}

export interface MultiInstanceLoop {
  items: unknown[];
  /** Inner instances created so far (sequential loops create them one after another). */
  started: number;
  completed: number;
  terminated: number;
}

export interface ProcessInstanceState {
  key: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  parent?: { processInstanceKey: string; elementInstanceKey: string };
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  elements: Record<string, ElementInstance>;
  /** Variables per scope key: the process instance key for the root scope, else an element's key. */
  variables: Record<string, Variables>;
  /**
   * Sequence flows taken into a joining gateway and not consumed yet:
   * scope key → gateway id → flow id → number of tokens.
   */
  joins: Record<string, Record<string, Record<string, number>>>;
  /** For instances created by a message start event: the message they were created by. */
  startedBy?: { messageName: string; correlationKey: string };
}

export function newInstanceState(args: {
  key: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  parent?: ProcessInstanceState['parent'];
}): ProcessInstanceState {
  return { ...args, state: 'ACTIVE', elements: {}, variables: { [args.key]: {} }, joins: {} };
}
