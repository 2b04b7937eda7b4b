/**
 * One transaction's worth of engine commands (a unit of work). Commands read through it — each
 * row is read from PostgreSQL at most once per batch — and write into it; `flush` writes all
 * changes with a handful of set-based statements. The engine is the only writer of its schema,
 * so what a batch caches cannot change under it.
 */
import type pg from 'pg';

import type { EndedElement } from '../runtime/effects.js';
import type { ProcessInstanceState } from '../runtime/instance-state.js';
import { insertEndedElements } from './insert-ended-elements.js';
import { SubscriptionBuffer } from './subscription-buffer.js';
import {
  type DbIncident,
  type DbJob,
  type IncidentRow,
  iso,
  type JobRow,
  toIncidentRow,
  toJobRow,
} from './rows.js';

export interface InstanceMeta {
  createdAt: number;
  endedAt: number | null;
}

export class Batch {
  private readonly instances = new Map<string, ProcessInstanceState | null>();
  private readonly instanceMeta = new Map<string, InstanceMeta>();
  private readonly jobs = new Map<string, JobRow | null>();
  private readonly incidents = new Map<string, IncidentRow | null>();

  private readonly dirtyInstances = new Set<string>();
  private readonly dirtyJobs = new Set<string>();
  private readonly deletedJobs = new Set<string>();
  private readonly dirtyIncidents = new Set<string>();
  private readonly cancelledJobIncidents = new Set<string>();
  private endedElements: EndedElement[] = [];

  /** Timers and message/signal subscriptions opened and closed in this batch. */
  readonly subscriptions = new SubscriptionBuffer();

  private readonly afterCommitHooks: Array<() => void> = [];
  /** Job types that got activatable jobs in this batch: long-polling requests wake up for them. */
  readonly activatableTypes = new Set<string>();

  constructor(
    readonly client: pg.PoolClient,
    readonly now: number,
  ) {}

  afterCommit(hook: () => void): void {
    this.afterCommitHooks.push(hook);
  }

  runAfterCommit(): void {
    for (const hook of this.afterCommitHooks) hook();
  }

  // ---- process instances ---------------------------------------------------------------------

  async instance(key: string): Promise<ProcessInstanceState | undefined> {
    if (!this.instances.has(key)) await this.loadInstances([key]);
    return this.instances.get(key) ?? undefined;
  }

  async loadInstances(keys: string[]): Promise<void> {
    const missing = keys.filter((key) => !this.instances.has(key));
    if (missing.length === 0) return;
    const { rows } = await this.client.query<{
      key: string;
      document: ProcessInstanceState;
      created_at: Date;
      ended_at: Date | null;
    }>(
      'select key, document, created_at, ended_at from engine.process_instances where key = any($1::bigint[])',
      [missing],
    );
    for (const key of missing) this.instances.set(key, null);
    for (const row of rows) {
      this.instances.set(row.key, row.document);
      this.instanceMeta.set(row.key, {
        createdAt: row.created_at.getTime(),
        endedAt: row.ended_at?.getTime() ?? null,
      });
    }
  }

  putInstance(state: ProcessInstanceState): void {
    this.instances.set(state.key, state);
    const meta = this.instanceMeta.get(state.key) ?? { createdAt: this.now, endedAt: null };
    if (state.state !== 'ACTIVE' && meta.endedAt === null) meta.endedAt = this.now;
    this.instanceMeta.set(state.key, meta);
    this.dirtyInstances.add(state.key);
  }

  /** Kept for monitoring only (an instance's path, time per element); the runtime never reads it. */
  recordEndedElement(element: EndedElement): void {
    this.endedElements.push(element);
  }

  // ---- jobs ------------------------------------------------------------------------------------

  async job(key: string): Promise<JobRow | undefined> {
    if (!this.jobs.has(key)) {
      const { rows } = await this.client.query<DbJob>(
        'select * from engine.jobs where key = $1::bigint',
        [key],
      );
      this.jobs.set(key, rows[0] ? toJobRow(rows[0]) : null);
    }
    return this.jobs.get(key) ?? undefined;
  }

  putJob(job: JobRow): void {
    this.jobs.set(job.key, job);
    this.deletedJobs.delete(job.key);
    this.dirtyJobs.add(job.key);
    if (job.state === 'ACTIVATABLE' && (job.retryAt === null || job.retryAt <= this.now)) {
      this.activatableTypes.add(job.type);
    }
  }

  /** Claimed by a statement that already wrote them: cache only. */
  cacheJob(job: JobRow): void {
    this.jobs.set(job.key, job);
  }

  deleteJob(key: string): void {
    this.jobs.set(key, null);
    this.dirtyJobs.delete(key);
    this.deletedJobs.add(key);
  }

  /** A cancelled job's open incident (no retries left) ends with it. */
  resolveIncidentsOfJob(jobKey: string): void {
    this.cancelledJobIncidents.add(jobKey);
  }

  // ---- incidents -------------------------------------------------------------------------------

  async incident(key: string): Promise<IncidentRow | undefined> {
    if (!this.incidents.has(key)) {
      const { rows } = await this.client.query<DbIncident>(
        'select * from engine.incidents where key = $1::bigint',
        [key],
      );
      this.incidents.set(key, rows[0] ? toIncidentRow(rows[0]) : null);
    }
    return this.incidents.get(key) ?? undefined;
  }

  putIncident(incident: IncidentRow): void {
    this.incidents.set(incident.key, incident);
    this.dirtyIncidents.add(incident.key);
  }

  async resolveIncident(key: string): Promise<void> {
    const incident = await this.incident(key);
    if (incident && incident.state === 'ACTIVE')
      this.putIncident({ ...incident, state: 'RESOLVED', resolvedAt: this.now });
  }

  // ---- writing ---------------------------------------------------------------------------------

  /** Writes every buffered change; the transaction stays open. */
  async flush(): Promise<void> {
    await this.flushInstances();
    await this.flushEndedElements();
    await this.flushJobs();
    await this.flushIncidents();
    await this.subscriptions.flush(this.client, this.now);
  }

  private async flushInstances(): Promise<void> {
    if (this.dirtyInstances.size === 0) return;
    const states = [...this.dirtyInstances].map(
      (key) => this.instances.get(key) as ProcessInstanceState,
    );
    this.dirtyInstances.clear();
    // Parents before children keeps the parent_instance_key reference satisfied row by row.
    states.sort((a, b) => (a.parent ? 1 : 0) - (b.parent ? 1 : 0));
    await this.client.query(
      `insert into engine.process_instances
         (key, process_definition_key, bpmn_process_id, version, parent_instance_key, state, document, created_at, ended_at)
       select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::int[], $5::bigint[], $6::text[], $7::jsonb[],
                            $8::timestamptz[], $9::timestamptz[])
       on conflict (key) do update
         set state = excluded.state, document = excluded.document, ended_at = excluded.ended_at`,
      [
        states.map((s) => s.key),
        states.map((s) => s.processDefinitionKey),
        states.map((s) => s.bpmnProcessId),
        states.map((s) => s.version),
        states.map((s) => s.parent?.processInstanceKey ?? null),
        states.map((s) => s.state),
        states.map((s) => JSON.stringify(s)),
        states.map((s) => iso(this.instanceMeta.get(s.key)?.createdAt ?? this.now)),
        states.map((s) => iso(this.instanceMeta.get(s.key)?.endedAt ?? null)),
      ],
    );
  }

  private async flushEndedElements(): Promise<void> {
    if (this.endedElements.length === 0) return;
    const ended = this.endedElements;
    this.endedElements = [];
    await insertEndedElements(this.client, ended);
  }

  private async flushJobs(): Promise<void> {
    if (this.deletedJobs.size > 0) {
      const keys = [...this.deletedJobs];
      this.deletedJobs.clear();
      await this.client.query('delete from engine.jobs where key = any($1::bigint[])', [keys]);
    }
    if (this.cancelledJobIncidents.size > 0) {
      const keys = [...this.cancelledJobIncidents];
      this.cancelledJobIncidents.clear();
      await this.client.query(
        `update engine.incidents set state = 'RESOLVED', resolved_at = $2
         where job_key = any($1::bigint[]) and state = 'ACTIVE'`,
        [keys, iso(this.now)],
      );
    }
    if (this.dirtyJobs.size === 0) return;
    const jobs = [...this.dirtyJobs].map((key) => this.jobs.get(key) as JobRow);
    this.dirtyJobs.clear();
    await this.client.query(
      `insert into engine.jobs
         (key, type, state, process_instance_key, element_instance_key, element_id, bpmn_process_id,
          process_definition_version, process_definition_key, custom_headers, retries, worker, deadline,
          retry_at, error_message, created_at)
       select * from unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[],
                            $8::int[], $9::bigint[], $10::jsonb[], $11::int[], $12::text[], $13::timestamptz[],
                            $14::timestamptz[], $15::text[], $16::timestamptz[])
       on conflict (key) do update
         set state = excluded.state, retries = excluded.retries, worker = excluded.worker,
             deadline = excluded.deadline, retry_at = excluded.retry_at, error_message = excluded.error_message`,
      [
        jobs.map((j) => j.key),
        jobs.map((j) => j.type),
        jobs.map((j) => j.state),
        jobs.map((j) => j.processInstanceKey),
        jobs.map((j) => j.elementInstanceKey),
        jobs.map((j) => j.elementId),
        jobs.map((j) => j.bpmnProcessId),
        jobs.map((j) => j.processDefinitionVersion),
        jobs.map((j) => j.processDefinitionKey),
        jobs.map((j) => JSON.stringify(j.customHeaders)),
        jobs.map((j) => j.retries),
        jobs.map((j) => j.worker),
        jobs.map((j) => iso(j.deadline)),
        jobs.map((j) => iso(j.retryAt)),
        jobs.map((j) => j.errorMessage),
        jobs.map((j) => iso(j.createdAt)),
      ],
    );
  }

  private async flushIncidents(): Promise<void> {
    if (this.dirtyIncidents.size === 0) return;
    const incidents = [...this.dirtyIncidents].map((key) => this.incidents.get(key) as IncidentRow);
    this.dirtyIncidents.clear();
    await this.client.query(
      `insert into engine.incidents
         (key, process_instance_key, element_instance_key, element_id, bpmn_process_id, process_definition_key,
          job_key, error_type, error_message, state, created_at, resolved_at)
       select * from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::bigint[],
                            $7::bigint[], $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[])
       on conflict (key) do update set state = excluded.state, resolved_at = excluded.resolved_at`,
      [
        incidents.map((i) => i.key),
        incidents.map((i) => i.processInstanceKey),
        incidents.map((i) => i.elementInstanceKey),
        incidents.map((i) => i.elementId),
        incidents.map((i) => i.bpmnProcessId),
        incidents.map((i) => i.processDefinitionKey),
        incidents.map((i) => i.jobKey),
        incidents.map((i) => i.type),
        incidents.map((i) => i.message),
        incidents.map((i) => i.state),
        incidents.map((i) => iso(i.createdAt)),
        incidents.map((i) => iso(i.resolvedAt)),
      ],
    );
  }
}
