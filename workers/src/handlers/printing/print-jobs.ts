/**
 * A resident's print jobs (app.print_jobs): which one is current, and a new attempt when the last
 * one cannot give a card. A reprint is always a new attempt, so each defect stays counted on the
 * job that had it.
 */
import type pg from 'pg';

export type PrintJobStatus =
  'WAITING_STOCK' | 'QUEUED' | 'PRINTED' | 'DEFECT' | 'SHIPPED' | 'RECEIVED';

/** A card came out of the printer for these (and has not been spoiled). */
export const printedStatuses: ReadonlySet<PrintJobStatus> = new Set([
  'PRINTED',
  'SHIPPED',
  'RECEIVED',
]);

export interface PrintJob {
  id: number;
  nik: string;
  attempt: number;
  status: PrintJobStatus;
  defect: string | null;
  requestedAt: Date;
}

interface PrintJobRow {
  id: string;
  nik: string;
  attempt: number;
  status: PrintJobStatus;
  defect: string | null;
  requested_at: Date;
}

const columns = 'id::text, nik, attempt, status, defect, requested_at';

function toPrintJob(row: PrintJobRow): PrintJob {
  return {
    id: Number(row.id),
    nik: row.nik,
    attempt: row.attempt,
    status: row.status,
    defect: row.defect,
    requestedAt: row.requested_at,
  };
}

/** Locks a print job until the transaction ends; undefined when there is none with this id. */
export async function lockPrintJob(
  client: pg.PoolClient,
  printJobId: number,
): Promise<PrintJob | undefined> {
  const { rows } = await client.query<PrintJobRow>(
    `select ${columns} from app.print_jobs where id = $1 for update`,
    [printJobId],
  );
  return rows[0] ? toPrintJob(rows[0]) : undefined;
}

/** The resident's latest attempt, locked; undefined before the first. */
export async function lockLatestPrintJob(
  client: pg.PoolClient,
  nik: string,
): Promise<PrintJob | undefined> {
  const { rows } = await client.query<PrintJobRow>(
    `select ${columns} from app.print_jobs where nik = $1 order by attempt desc limit 1 for update`,
    [nik],
  );
  return rows[0] ? toPrintJob(rows[0]) : undefined;
}

/** Attempt `attempt` of the resident's card, waiting for a blanko. */
export async function createPrintJob(
  client: pg.PoolClient,
  job: { nik: string; attempt: number; requestedAt: Date },
): Promise<PrintJob> {
  const { rows } = await client.query<PrintJobRow>(
    `insert into app.print_jobs (nik, attempt, requested_at, status)
     values ($1, $2, $3, 'WAITING_STOCK')
     returning ${columns}`,
    [job.nik, job.attempt, job.requestedAt],
  );
  return toPrintJob(rows[0] as PrintJobRow);
}
