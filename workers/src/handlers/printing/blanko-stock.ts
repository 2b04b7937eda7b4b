/**
 * The blanko stock of the Dinas (app.stock, location 15.71, item BLANKO) and its movements. Every
 * change takes the stock row's lock first, so two print jobs never take the same last blanko and
 * on_hand, reserved and the movements stay in step.
 */
import type pg from 'pg';

export const blankoLocation = '15.71';
export const blankoItem = 'BLANKO';

export type BlankoMovementKind = 'RECEIVE' | 'RESERVE' | 'ISSUE_PRINT' | 'SPOIL';

export interface BlankoStock {
  onHand: number;
  reserved: number;
}

/** Locks the blanko stock row until the transaction ends and reads it. */
export async function lockBlankoStock(client: pg.PoolClient): Promise<BlankoStock> {
  const { rows } = await client.query<{ on_hand: number; reserved: number }>(
    `select on_hand, reserved from app.stock where location_code = $1 and item = $2 for update`,
    [blankoLocation, blankoItem],
  );
  const row = rows[0];
  if (!row) throw new Error(`there is no ${blankoItem} stock at ${blankoLocation} in app.stock`);
  return { onHand: row.on_hand, reserved: row.reserved };
}

/** The movement reference of a print job, so a job's reservation and use can be traced. */
export const printJobReference = (printJobId: number | string): string => `print-job:${printJobId}`;

/**
 * Applies one movement to the locked stock row and records it: RECEIVE adds to on_hand, RESERVE
 * sets one aside, ISSUE_PRINT and SPOIL take a reserved blanko out of on_hand.
 */
export async function moveBlanko(
  client: pg.PoolClient,
  movement: { kind: BlankoMovementKind; quantity: number; reference: string; at: Date },
): Promise<void> {
  const { kind, quantity } = movement;
  const change = {
    RECEIVE: { onHand: quantity, reserved: 0, signed: quantity },
    RESERVE: { onHand: 0, reserved: quantity, signed: quantity },
    ISSUE_PRINT: { onHand: -quantity, reserved: -quantity, signed: -quantity },
    SPOIL: { onHand: -quantity, reserved: -quantity, signed: -quantity },
  }[kind];
  await client.query(
    `update app.stock set on_hand = on_hand + $3, reserved = reserved + $4, updated_at = $5
      where location_code = $1 and item = $2`,
    [blankoLocation, blankoItem, change.onHand, change.reserved, movement.at],
  );
  await client.query(
    `insert into app.stock_movements (location_code, item, quantity, kind, reference, at)
     values ($1, $2, $3, $4, $5, $6)`,
    [blankoLocation, blankoItem, change.signed, kind, movement.reference, movement.at],
  );
}
