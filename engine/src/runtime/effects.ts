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
  /** The instance finished; its parent's call activity (if any) continues with `variables`. */
  | { kind: 'instanceCompleted'; instanceKey: string; variables: Variables }
  | { kind: 'instanceTerminated'; instanceKey: string };
