/**
 * The invitation row as the handlers of this area read it, and the statuses they reason about.
 * A letter is "in circulation" from its signature until it is delivered, undeliverable or ended:
 * only such a letter can be delivered, booked, attended or missed.
 */
import type pg from 'pg';

/** Signed and not yet ended: what the RT, the booking and the counter work with. */
export const circulatingStatuses = ['SIGNED', 'AT_RT', 'DELIVERED'] as const;

export type InvitationStatus =
  | 'DRAFT'
  | (typeof circulatingStatuses)[number]
  | 'UNDELIVERABLE'
  | 'NO_SHOW'
  | 'FULFILLED'
  | 'CANCELLED';

export interface InvitationRow {
  id: number;
  batchId: number | null;
  nik: string;
  attempt: number;
  letterNo: string;
  checkInCode: string;
  status: InvitationStatus;
  undeliverableReason: string | null;
  slotId: number | null;
}

export function isCirculating(status: InvitationStatus): boolean {
  return (circulatingStatuses as readonly string[]).includes(status);
}

/** One invitation by id; `lock` takes its row lock for the rest of the transaction. */
export async function loadInvitation(
  db: pg.Pool | pg.ClientBase,
  id: number,
  options: { lock?: boolean } = {},
): Promise<InvitationRow | undefined> {
  const { rows } = await db.query<{
    id: string;
    batch_id: string | null;
    nik: string;
    attempt: number;
    letter_no: string;
    check_in_code: string;
    status: InvitationStatus;
    undeliverable_reason: string | null;
    slot_id: string | null;
  }>(
    `select id, batch_id, nik, attempt, letter_no, check_in_code, status, undeliverable_reason, slot_id
       from app.invitations where id = $1${options.lock ? ' for update' : ''}`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: Number(row.id),
    batchId: row.batch_id === null ? null : Number(row.batch_id),
    nik: row.nik,
    attempt: row.attempt,
    letterNo: row.letter_no,
    checkInCode: row.check_in_code,
    status: row.status,
    undeliverableReason: row.undeliverable_reason,
    slotId: row.slot_id === null ? null : Number(row.slot_id),
  };
}

/** The reason an invitation cannot be worked on, or undefined when it can. */
export function invitationProblem(
  invitation: InvitationRow | undefined,
  id: number,
  nik?: string,
): string | undefined {
  if (!invitation) return `invitation ${id} does not exist`;
  if (nik !== undefined && invitation.nik !== nik)
    return `invitation ${id} belongs to another resident`;
  return undefined;
}
