/**
 * `ektp.eligibility.find-batches`: the monthly scan for residents who must hold a card (UU 24/2013
 * Pasal 63; DOMAIN.md): citizens aged 17 or turning 17 within 60 days, or married or ever married
 * younger, alive, living here, never recorded, without a running lifecycle or a letter already in
 * circulation. They are grouped per kelurahan into that month's batch, with one DRAFT letter each
 * for the Camat to sign.
 *
 * A batch is unique per kelurahan and month. Running the scan again in the same month (a second
 * delivery of the job, or a scan on demand) adds newly found residents to a batch not signed yet
 * and answers every unsigned batch of the month; residents of a kelurahan whose batch is already
 * signed wait for next month's.
 */
import { z } from 'zod';

import { complete, defineHandler } from '../job-handler.js';
import { freshCheckInCodes, lastLetterNumber, letterNo } from './letters.js';
import { addDays, wibDate } from './local-date.js';
import { inOutcomeTransaction } from '../support/transaction.js';

/** Residents turning 17 this many days ahead are invited now, so the card is ready on the day. */
export const turningSeventeenWithinDays = 60;

const batchSchema = z.object({
  batchId: z.number().int().positive(),
  kelurahanCode: z.string(),
  kelurahanName: z.string(),
  residentCount: z.number().int().min(0),
});

export const eligibilityFindBatches = defineHandler({
  type: 'ektp.eligibility.find-batches',
  variables: z.looseObject({}),
  headers: z.looseObject({}),
  output: z.object({ batches: z.array(batchSchema) }),
  async handle(job, { pool, clock }) {
    const now = clock.now();
    const today = wibDate(now);
    const period = today.slice(0, 7);
    const year = today.slice(0, 4);
    return inOutcomeTransaction(pool, async (db) => {
      // Scans of the same month would otherwise both find the same residents.
      await db.query(`select pg_advisory_xact_lock(hashtext('ektp.eligibility.find-batches'))`);
      const { rows: candidates } = await db.query<{ nik: string; kelurahan_code: string }>(
        `select r.nik, r.kelurahan_code
           from app.residents r
          where r.citizenship = 'WNI'
            and r.enrollment_status = 'UNREGISTERED' and not r.deceased and not r.moved_out
            and ((r.birth_date + interval '17 years')::date <= $1::date
                 or r.marital_status <> 'BELUM_KAWIN')
            and not exists (select 1 from app.lifecycles l where l.nik = r.nik and l.state = 'RUNNING')
            and not exists (
              select 1 from app.invitations i
               where i.nik = r.nik
                 and (i.status in ('DRAFT', 'SIGNED', 'AT_RT', 'DELIVERED')
                      or i.batch_id in (select b.id from app.invitation_batches b where b.period = $2)))
            and not exists (
              select 1 from app.invitation_batches b
               where b.kelurahan_code = r.kelurahan_code and b.period = $2 and b.signed_at is not null)
          order by r.kelurahan_code, r.rw, r.rt, r.full_name, r.nik`,
        [addDays(today, turningSeventeenWithinDays), period],
      );
      const perKelurahan = new Map<string, string[]>();
      for (const c of candidates) {
        const niks = perKelurahan.get(c.kelurahan_code) ?? [];
        niks.push(c.nik);
        perKelurahan.set(c.kelurahan_code, niks);
      }
      for (const [kelurahanCode, niks] of perKelurahan) {
        await db.query(
          `insert into app.invitation_batches
             (kelurahan_code, period, resident_count, created_at, scan_process_instance_key)
           values ($1, $2, 0, $3, $4) on conflict (kelurahan_code, period) do nothing`,
          [kelurahanCode, period, new Date(now), job.processInstanceKey],
        );
        // The row lock orders this against a signature: letters are only added before it.
        const { rows: batches } = await db.query<{ id: string }>(
          `select id from app.invitation_batches
            where kelurahan_code = $1 and period = $2 and signed_at is null for update`,
          [kelurahanCode, period],
        );
        const batch = batches[0];
        if (!batch) continue;
        const batchId = Number(batch.id);
        const first = (await lastLetterNumber(db, batchId)) + 1;
        const codes = await freshCheckInCodes(db, niks.length);
        await db.query(
          `insert into app.invitations (batch_id, nik, attempt, letter_no, check_in_code, status, created_at)
           select $1, nik, 1, letter_no, code, 'DRAFT', $5
             from unnest($2::text[], $3::text[], $4::text[]) as t (nik, letter_no, code)`,
          [
            batchId,
            niks,
            niks.map((_, i) => letterNo(batchId, first + i, year)),
            codes,
            new Date(now),
          ],
        );
        await db.query(
          `update app.invitation_batches
              set resident_count = (select count(distinct nik) from app.invitations where batch_id = $1)
            where id = $1`,
          [batchId],
        );
      }
      const { rows } = await db.query<{
        id: string;
        kelurahan_code: string;
        name: string;
        resident_count: number;
      }>(
        `select b.id, b.kelurahan_code, k.name, b.resident_count
           from app.invitation_batches b join app.regions k on k.code = b.kelurahan_code
          where b.period = $1 and b.signed_at is null and b.resident_count > 0
            and b.scan_process_instance_key = $2
          order by b.kelurahan_code`,
        [period, job.processInstanceKey],
      );
      return complete({
        batches: rows.map((r) => ({
          batchId: Number(r.id),
          kelurahanCode: r.kelurahan_code,
          kelurahanName: r.name,
          residentCount: r.resident_count,
        })),
      });
    });
  },
});
