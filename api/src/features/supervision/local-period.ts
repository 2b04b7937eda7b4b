/**
 * Periods of local (WIB) calendar days, as the supervision, operations and audit lists filter them:
 * `from` and `to` both included. A day that does not exist (2026-02-30) is a 400, not a database
 * error.
 */
import type { z } from 'zod';

import { isoDate } from '../../http/common-schemas.js';

/** isoDate already refuses days that do not exist. */
export const localDay = isoDate;

/** Adds a 400 on `to` when the period runs backwards. */
export function fromNotAfterTo(
  q: { from?: string | undefined; to?: string | undefined },
  context: z.RefinementCtx,
): void {
  if (q.from && q.to && q.from > q.to) {
    context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  }
}
