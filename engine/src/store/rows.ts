/** Rows of the engine's tables as the engine handles them: keys as strings, times as epoch ms. */
import type { IncidentType, NewIncident, NewJob } from '../runtime/effects.js';

export type JobState = 'ACTIVATABLE' | 'ACTIVATED' | 'FAILED';

/** A job as stored: what the runtime created, plus its activation state. */
export interface JobRow extends NewJob {
  state: JobState;
  worker: string | null;
  deadline: number | null;
  retryAt: number | null;
  errorMessage: string | null;
  createdAt: number;
}

/** An incident as stored: what the runtime raised, plus whether it was resolved. */
export interface IncidentRow extends Omit<NewIncident, 'jobKey'> {
  jobKey: string | null;
  state: 'ACTIVE' | 'RESOLVED';
  createdAt: number;
  resolvedAt: number | null;
}

export interface DbJob {
  key: string;
  type: string;
  state: JobState;
  process_instance_key: string;
  element_instance_key: string;
  element_id: string;
  bpmn_process_id: string;
  process_definition_version: number;
  process_definition_key: string;
  custom_headers: Record<string, string>;
  retries: number;
  worker: string | null;
  deadline: Date | null;
  retry_at: Date | null;
  error_message: string | null;
  created_at: Date;
}

export function toJobRow(row: DbJob): JobRow {
  return {
    key: row.key,
    type: row.type,
    state: row.state,
    processInstanceKey: row.process_instance_key,
    elementInstanceKey: row.element_instance_key,
    elementId: row.element_id,
    bpmnProcessId: row.bpmn_process_id,
    processDefinitionVersion: row.process_definition_version,
    processDefinitionKey: row.process_definition_key,
    customHeaders: row.custom_headers,
    retries: row.retries,
    worker: row.worker,
    deadline: row.deadline?.getTime() ?? null,
    retryAt: row.retry_at?.getTime() ?? null,
    errorMessage: row.error_message,
    createdAt: row.created_at.getTime(),
  };
}

export interface DbIncident {
  key: string;
  error_type: IncidentType;
  error_message: string;
  process_instance_key: string;
  element_instance_key: string;
  element_id: string;
  bpmn_process_id: string;
  process_definition_key: string;
  job_key: string | null;
  state: 'ACTIVE' | 'RESOLVED';
  created_at: Date;
  resolved_at: Date | null;
}

export function toIncidentRow(row: DbIncident): IncidentRow {
  return {
    key: row.key,
    type: row.error_type,
    message: row.error_message,
    processInstanceKey: row.process_instance_key,
    elementInstanceKey: row.element_instance_key,
    elementId: row.element_id,
    bpmnProcessId: row.bpmn_process_id,
    processDefinitionKey: row.process_definition_key,
    jobKey: row.job_key,
    state: row.state,
    createdAt: row.created_at.getTime(),
    resolvedAt: row.resolved_at?.getTime() ?? null,
  };
}

/** Epoch milliseconds to the ISO text PostgreSQL reads as timestamptz (null stays null). */
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
