/**
 * The public status check (/api/public/status): a resident gives their NIK and a receipt number —
 * the check-in code of their invitation letter or the number of their Suket — and learns the
 * status of their e-KTP and the next step, nothing else: no name, no address, no dates. A wrong
 * pair answers exactly like an unknown NIK, and each address may ask 20 times a minute.
 */
import type pg from 'pg';
import { z } from 'zod';

import type { Clock } from '../../../../platform/src/clock.js';
import { parseNik } from '../../../../workers/src/domain/nik.js';
import { ApiError, NotFoundError } from '../../errors/api-error.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { LoginRateLimit } from '../auth/login-rate-limit.js';

const query = z
  .object({
    nik: z.string().superRefine((value, context) => {
      const parsed = parseNik(value);
      if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.reason });
    }),
    receipt: z.string().trim().min(4).max(64),
  })
  .strict();

interface StatusFacts {
  enrollment_status: string;
  card_status: string | null;
  lifecycle: string | null;
  waiting_stock: boolean;
  invitation: string | null;
}

/** What the resident reads: a status and the next step, in Bahasa Indonesia. */
export function describeStatus(f: StatusFacts): { status: string; nextStep: string } {
  if (f.card_status === 'CARD_ACTIVATED')
    return { status: 'KTP-el sudah aktif', nextStep: 'Tidak ada; simpan kartu Anda.' };
  if (f.card_status === 'CARD_SHIPPED' || f.card_status === 'CARD_ISSUED')
    return {
      status: 'KTP-el siap diambil',
      nextStep: 'Datang ke Kantor Camat Jelutung membawa tanda terima atau Suket.',
    };
  if (f.card_status === 'CARD_PRINTED')
    return { status: 'KTP-el sudah dicetak', nextStep: 'Tunggu pemberitahuan kartu siap diambil.' };
  if (f.waiting_stock)
    return {
      status: 'Menunggu blanko',
      nextStep: 'Gunakan Suket Anda; kami kabari bila kartu selesai dicetak.',
    };
  if (f.enrollment_status === 'PRINT_READY_RECORD')
    return {
      status: 'Data siap cetak',
      nextStep: 'Kartu sedang dalam antrean cetak di Disdukcapil.',
    };
  if (f.enrollment_status === 'DUPLICATE_RECORD')
    return {
      status: 'Data ganda sedang diperiksa',
      nextStep: 'Disdukcapil akan menghubungi Anda.',
    };
  if (
    ['SENT_FOR_ENROLLMENT', 'RECEIVED_AT_CENTRAL', 'ADJUDICATE_RECORD', 'PROCESSING'].includes(
      f.enrollment_status,
    )
  )
    return { status: 'Data sedang diproses di pusat', nextStep: 'Tunggu; tidak perlu datang.' };
  if (f.enrollment_status === 'BIO_CAPTURED')
    return { status: 'Sudah merekam', nextStep: 'Data akan dikirim ke pusat hari ini.' };
  if (f.invitation === 'DELIVERED' || f.invitation === 'AT_RT')
    return {
      status: 'Diundang merekam',
      nextStep: 'Datang ke Kantor Camat Jelutung sesuai jadwal di surat undangan.',
    };
  return {
    status: 'Belum merekam',
    nextStep: 'Datang ke Kantor Camat Jelutung pada jam kerja dengan fotokopi KK.',
  };
}

export function publicStatusEndpoints(deps: { pool: pg.Pool; clock: Clock }): Endpoint[] {
  const limit = new LoginRateLimit(deps.clock, 20);
  return [
    endpoint({
      operationId: 'publicStatus',
      method: 'get',
      path: '/public/status',
      tag: 'Public',
      summary: 'The status of an e-KTP and the next step, by NIK and receipt number',
      description:
        'Open to anyone. A wrong pair answers like an unknown NIK (404); 20 requests a minute per address.',
      access: 'anyone',
      query,
      response: z.object({ status: z.string(), nextStep: z.string() }),
      errors: [404, 429],
      beforeParsing: (req, res) => {
        // Malformed guesses count too.
        const address = req.ip ?? 'unknown';
        if (!limit.allow(address)) {
          res.set('retry-after', String(limit.retryAfterSeconds(address)));
          throw new ApiError(
            429,
            'too_many_attempts',
            'Terlalu banyak permintaan; coba lagi sebentar lagi.',
          );
        }
      },
      handler: async ({ query: { nik, receipt } }) => {
        const { rows } = await deps.pool.query<StatusFacts>(
          `select r.enrollment_status, r.card_status,
                  (select state from app.lifecycles l where l.nik = r.nik order by l.id desc limit 1) as lifecycle,
                  exists (select 1 from app.print_jobs p where p.nik = r.nik and p.status = 'WAITING_STOCK') as waiting_stock,
                  (select status from app.invitations i where i.nik = r.nik order by i.id desc limit 1) as invitation
             from app.residents r
            where r.nik = $1
              and (exists (select 1 from app.invitations i where i.nik = r.nik and i.check_in_code = upper($2))
                   or exists (select 1 from app.sukets s where s.nik = r.nik and s.no = $2))`,
          [nik, receipt],
        );
        if (!rows[0]) throw new NotFoundError('NIK dan nomor tanda terima tidak cocok.');
        return describeStatus(rows[0]);
      },
    }),
  ];
}
