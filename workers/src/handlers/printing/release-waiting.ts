/**
 * `ektp.stock.release-waiting`: blanko are free again (a delivery arrived), so the print jobs that
 * waited longest get one each, first come, first served, and each job's printing instance hears
 * `ektp-blanko-reserved` (correlation key: the NIK) at its event-based gateway.
 *
 * The reservations commit first and are recorded in app.blanko_releases; the messages follow, and
 * a release is marked published only once its message was accepted. A worker stopped in between
 * publishes on its next run what is still unpublished: a job never holds a blanko while its
 * resident waits unheard. The message id (`print-job-<id>`) makes a second publication harmless,
 * and its time to live covers an instance still on its way to the gateway (issuing the Suket).
 */
import { z } from 'zod';

import { complete, defineHandler } from '../job-handler.js';
import { noHeaders } from '../support/schemas.js';
import { publishMessage } from '../support/zeebe-calls.js';
import { lockBlankoStock, moveBlanko, printJobReference } from './blanko-stock.js';
import { inTransaction } from '../support/transaction.js';

export const blankoReservedMessage = 'ektp-blanko-reserved';
export const blankoReservedTtlMs = 60 * 60_000;

export const releaseWaiting = defineHandler({
  type: 'ektp.stock.release-waiting',
  variables: z.looseObject({}),
  headers: noHeaders,
  output: z.object({ blankoReleased: z.number().int().min(0) }),
  async handle(job, { pool, clock, zeebe }) {
    const now = new Date(clock.now());
    await inTransaction(pool, async (client) => {
      const stock = await lockBlankoStock(client);
      const free = stock.onHand - stock.reserved;
      if (free < 1) return;
      // SKIP LOCKED: a job a reserve-blanko is deciding on right now is left to it.
      const { rows: waiting } = await client.query<{ id: string }>(
        `select id::text from app.print_jobs where status = 'WAITING_STOCK'
          order by requested_at, id limit $1 for update skip locked`,
        [free],
      );
      for (const { id } of waiting) {
        await moveBlanko(client, {
          kind: 'RESERVE',
          quantity: 1,
          reference: printJobReference(id),
          at: now,
        });
        await client.query(`update app.print_jobs set status = 'QUEUED' where id = $1`, [id]);
        await client.query(
          `insert into app.blanko_releases (print_job_id, released_at, job_key) values ($1, $2, $3)`,
          [id, now, job.key],
        );
      }
    });

    const { rows: unpublished } = await pool.query<{ id: string; nik: string }>(
      `select r.print_job_id::text as id, j.nik
         from app.blanko_releases r join app.print_jobs j on j.id = r.print_job_id
        where r.message_published_at is null
        order by r.released_at, r.print_job_id`,
    );
    for (const release of unpublished) {
      await publishMessage(zeebe, {
        name: blankoReservedMessage,
        correlationKey: release.nik,
        messageId: `print-job-${release.id}`,
        timeToLiveMs: blankoReservedTtlMs,
        variables: { printJobId: Number(release.id), blankoReserved: true },
      });
      await pool.query(
        `update app.blanko_releases set message_published_at = greatest($2::timestamptz, released_at)
          where print_job_id = $1 and message_published_at is null`,
        [release.id, now],
      );
    }

    const { rows: released } = await pool.query<{ count: number }>(
      `select count(*)::int as count from app.blanko_releases where job_key = $1`,
      [job.key],
    );
    return complete({ blankoReleased: released[0]?.count ?? 0 });
  },
});
