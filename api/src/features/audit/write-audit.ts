/** One row of the append-only audit log: who did what to which subject, in which request. */
import type pg from 'pg';

export type AuditAction =
  'read' | 'create' | 'update' | 'delete' | 'sign_in' | 'sign_out' | 'deploy' | 'export';

export interface AuditEntry {
  at: number;
  actor: string;
  action: AuditAction;
  subjectType: string;
  subjectId: string;
  requestId: string;
  details?: Record<string, unknown>;
}

/** Written on `db`, so a change and its audit row can share one transaction. */
export async function writeAudit(db: pg.Pool | pg.PoolClient, entry: AuditEntry): Promise<void> {
  await db.query(
    `insert into app.audit_log (occurred_at, actor, action, subject_type, subject_id, request_id, details)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      new Date(entry.at),
      entry.actor,
      entry.action,
      entry.subjectType,
      entry.subjectId,
      entry.requestId,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}
