/**
 * What a step of the runtime asks the world to do. The runtime itself stays pure: the engine
 * applies these to the store and to other instances within the same transaction.
 */
import type { Variables } from './instance-state.js';

export interface NewJob {
  key: string;
  type: string;
  retries: number;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  customHeaders: Record<string, string>;
}

export type IncidentType =
  | 'UNHANDLED_ERROR_EVENT'
  | 'IO_MAPPING_ERROR'
  | 'EXTRACT_VALUE_ERROR'
  | 'CONDITION_ERROR'
  | 'CALLED_ELEMENT_ERROR'
  | 'JOB_NO_RETRIES';

export interface NewIncident {
  key: string;
  type: IncidentType;
  message: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  jobKey?: string;
}

export type Effect =
  | { kind: 'createJob'; job: NewJob }
  | { kind: 'cancelJob'; jobKey: string }
  | { kind: 'createIncident'; incident: NewIncident }
  | { kind: 'resolveIncident'; incidentKey: string }
  /** Start a child instance for a call activity (the definition was resolved by the runtime). */
  | {
      kind: 'createChildInstance';
      childKey: string;
      processDefinitionKey: string;
      variables: Variables;
      parentInstanceKey: string;
      parentElementInstanceKey: string;
    }
  | { kind: 'cancelChildInstance'; childKey: string }
  /** An element instance left its instance's state: kept as history for monitoring. */
  | { kind: 'elementEnded'; element: EndedElement }
  /** The instance finished; its parent's call activity (if any) continues with `variables`. */
  | { kind: 'instanceCompleted'; instanceKey: string; variables: Variables }
  | { kind: 'instanceTerminated'; instanceKey: string }
  /** Wait for a point in time; `owner` is the element instance (or scope) the timer belongs to. */
  | { kind: 'openTimer'; timer: NewTimer }
  | { kind: 'openMessageSubscription'; subscription: NewMessageSubscription }
  | { kind: 'openSignalSubscription'; subscription: NewSignalSubscription }
  /** Everything `owner` waited for (timers, messages, signals) is closed. */
  | { kind: 'closeSubscriptions'; owner: string }
  | { kind: 'broadcastSignal'; name: string; variables: Variables }
  /**
   * An error or escalation found no catch event in this instance; the engine continues the search
   * in the parent instance, at its call activity.
   */
  | {
      kind: 'throwToParent';
      event: 'error' | 'escalation';
      code: string;
      message: string;
      variables: Variables;
      /** The element where the error was thrown, for the incident if nothing catches it. */
      origin: { elementInstanceKey: string; jobKey?: string };
    };

export interface EndedElement {
  key: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  /** The flow scope: the process instance key at the top level, else the enclosing element's key. */
  flowScopeKey: string;
  /** The BPMN type as Zeebe names it, or `MULTI_INSTANCE_BODY` for the body of a loop. */
  type: string;
  state: 'COMPLETED' | 'TERMINATED';
  startedAt: number | null;
  endedAt: number;
}

export interface NewTimer {
  key: string;
  owner: string;
  elementId: string;
  dueAt: number;
  processInstanceKey: string;
  processDefinitionKey: string;
  /** For cycles: the expression result to compute the next due time, and the repetitions left. */
  cycle?: { text: string; remaining: number | null };
}

export interface NewMessageSubscription {
  key: string;
  owner: string;
  elementId: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  messageName: string;
  correlationKey: string;
  interrupting: boolean;
}

export interface NewSignalSubscription {
  key: string;
  owner: string;
  elementId: string;
  processInstanceKey: string;
  signalName: string;
}
