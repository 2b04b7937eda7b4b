/**
 * `ektp.stock.record-request`: the warehouse sent a request for blanko to the Provinsi or Ditjen;
 * its quantity, letter number and sender are kept so the dashboard can show what is on order.
 * Idempotent on the job key; a letter number already used by another request is a typing mistake
 * only a person can correct, so it becomes an incident.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { completedBySchema, noHeaders, noOutput } from '../support/schemas.js';
import { blankoItem, blankoLocation } from './blanko-stock.js';

export const recordRequest = defineHandler({
  type: 'ektp.stock.record-request',
  variables: z.looseObject({
    requestedQuantity: z.number().int().positive(),
    requestLetterNo: z.string().trim().min(1),
    taskCompletedBy: completedBySchema,
  }),
  headers: noHeaders,
  output: noOutput,
  async handle(job, { pool, clock }) {
    const v = job.variables;
    await pool.query(
      `insert into app.blanko_requests (location_code, item, quantity, letter_no, requested_by, requested_at, job_key)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict do nothing`,
      [
        blankoLocation,
        blankoItem,
        v.requestedQuantity,
        v.requestLetterNo,
        v.taskCompletedBy ?? null,
        new Date(clock.now()),
        job.key,
      ],
    );
    const { rows } = await pool.query<{ job_key: string }>(
      `select job_key::text from app.blanko_requests where job_key = $1 or letter_no = $2`,
      [job.key, v.requestLetterNo],
    );
    if (!rows.some((row) => row.job_key === job.key)) {
      return incident(
        `request letter ${v.requestLetterNo} is already recorded for another blanko request`,
      );
    }
    return complete({});
  },
});
