/**
 * What is printed on an invitation letter: its number in the kecamatan's register and the
 * check-in code the counter finds the invitation by. The number follows the archive
 * classification for population matters (474.4) and the kecamatan's own code:
 * `474.4/<batch>/<n>/KEC-JLT/<YYYY>`, n counting the letters of the batch from 1.
 * Codes are random, so a code seen on one letter says nothing about another resident's.
 */
import { randomInt } from 'node:crypto';

import type pg from 'pg';

/** No 0/O or 1/I: the code is read aloud at the counter and typed from a printed letter. */
const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const codeLength = 6;

export function letterNo(batchId: number, n: number, year: string): string {
  return `474.4/${batchId}/${n}/KEC-JLT/${year}`;
}

function randomCode(): string {
  let code = '';
  for (let i = 0; i < codeLength; i += 1) code += codeAlphabet[randomInt(codeAlphabet.length)];
  return code;
}

/** `count` check-in codes no invitation holds yet (the unique constraint stays the backstop). */
export async function freshCheckInCodes(db: pg.ClientBase, count: number): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < count) {
    const candidates = new Set<string>();
    while (candidates.size < count - codes.size) {
      const code = randomCode();
      if (!codes.has(code)) candidates.add(code);
    }
    const { rows } = await db.query<{ check_in_code: string }>(
      'select check_in_code from app.invitations where check_in_code = any($1)',
      [[...candidates]],
    );
    const taken = new Set(rows.map((r) => r.check_in_code));
    for (const code of candidates) if (!taken.has(code)) codes.add(code);
  }
  return [...codes];
}

/** The highest letter number n used in a batch so far (0 for none). */
export async function lastLetterNumber(
  db: pg.Pool | pg.ClientBase,
  batchId: number,
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select coalesce(max(split_part(letter_no, '/', 3)::int), 0)::int as n
       from app.invitations
      where batch_id = $1 and split_part(letter_no, '/', 3) ~ '^\\d+$'`,
    [batchId],
  );
  return rows[0]?.n ?? 0;
}
