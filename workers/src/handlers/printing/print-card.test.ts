import type pg from 'pg';

import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { printCard, printerDownBackoffMs } from './print-card.js';
import { reserveBlanko } from './reserve-blanko.js';

/** A print-ready resident whose print job has a blanko reserved (10 on hand before). */
async function queuedJob(harness: HandlerHarness): Promise<{ nik: string; printJobId: number }> {
  const pool = harness.db.pool;
  const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
  await pool.query(
    `update app.stock set on_hand = 10, reserved = 0 where location_code = '15.71' and item = 'BLANKO'`,
  );
  const reserved = await harness.invoke(reserveBlanko, { variables: { nik } });
  if (reserved.kind !== 'complete' || !reserved.variables.blankoReserved)
    throw new Error('the fixture could not reserve a blanko');
  return { nik, printJobId: reserved.variables.printJobId };
}

async function state(pool: pg.Pool, nik: string, printJobId: number) {
  const { rows } = await pool.query(
    `select (select json_build_object('status', status, 'defect', defect, 'printed', printed_at is not null)
               from app.print_jobs where id = $2) as job,
            (select json_agg(json_build_object('serial', serial, 'status', status)) from app.cards where nik = $1) as cards,
            (select json_build_object('on_hand', on_hand, 'reserved', reserved) from app.stock
              where location_code = '15.71' and item = 'BLANKO') as stock,
            (select json_agg(json_build_object('kind', kind, 'quantity', quantity) order by id)
               from app.stock_movements where reference = 'print-job:' || $2) as movements,
            (select card_status from app.residents where nik = $1) as card_status`,
    [nik, printJobId],
  );
  return rows[0] as {
    job: { status: string; defect: string | null; printed: boolean };
    cards: Array<{ serial: string; status: string }> | null;
    stock: { on_hand: number; reserved: number };
    movements: Array<{ kind: string; quantity: number }>;
    card_status: string | null;
  };
}

describe('ektp.print.card', () => {
  describe('on a working printer', () => {
    let harness: HandlerHarness;

    beforeAll(async () => {
      harness = await startHandlerHarness({
        env: { SIM_PRINT_DEFECT_RATE: '0', SIM_PRINTER_DOWN_RATE: '0' },
      });
    });

    afterAll(async () => {
      await harness.stop();
    });

    it('should record the card, consume the reserved blanko and mark the resident, once', async () => {
      // given
      const { nik, printJobId } = await queuedJob(harness);

      // when the job is delivered twice
      const first = await harness.invoke(printCard, {
        key: '9001',
        variables: { nik, printJobId },
      });
      const again = await harness.invoke(printCard, {
        key: '9001',
        variables: { nik, printJobId },
      });

      // then
      expect(first).toEqual({
        kind: 'complete',
        variables: {
          printOutcome: 'PRINTED',
          cardSerial: expect.stringMatching(/^SIM/) as string,
          defect: null,
          defectCause: null,
        },
      });
      expect(again).toEqual(first);
      const serial = first.kind === 'complete' ? first.variables.cardSerial : '';
      expect(await state(harness.db.pool, nik, printJobId)).toEqual({
        job: { status: 'PRINTED', defect: null, printed: true },
        cards: [{ serial, status: 'PRINTED' }],
        stock: { on_hand: 9, reserved: 0 },
        movements: [
          { kind: 'RESERVE', quantity: 1 },
          { kind: 'ISSUE_PRINT', quantity: -1 },
        ],
        card_status: 'CARD_PRINTED',
      });
    });

    it('should retire the card a reprint replaces', async () => {
      // given a first card, then a correction case and a second queued attempt
      const { nik, printJobId } = await queuedJob(harness);
      const first = await harness.invoke(printCard, { variables: { nik, printJobId } });
      await harness.db.pool.query(
        `insert into app.correction_cases (nik, kind, detected_by, opened_at) values ($1, 'DATA_WRONG', 'HANDOVER', now())`,
        [nik],
      );
      const reprint = await harness.invoke(reserveBlanko, { variables: { nik } });
      const secondJob = reprint.kind === 'complete' ? reprint.variables.printJobId : 0;

      // when
      const second = await harness.invoke(printCard, {
        variables: { nik, printJobId: secondJob },
      });

      // then the resident has one live card, the new one
      const { rows } = await harness.db.pool.query(
        `select serial, status from app.cards where nik = $1 order by print_job_id`,
        [nik],
      );
      expect(rows).toEqual([
        { serial: first.kind === 'complete' && first.variables.cardSerial, status: 'REPLACED' },
        { serial: second.kind === 'complete' && second.variables.cardSerial, status: 'PRINTED' },
      ]);
    });

    it('should refuse a job with no blanko reserved, and one of another resident', async () => {
      // given a job still waiting for stock
      const pool = harness.db.pool;
      const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
      await pool.query(`update app.stock set on_hand = 0, reserved = 0 where item = 'BLANKO'`);
      const waiting = await harness.invoke(reserveBlanko, { variables: { nik } });
      const printJobId = waiting.kind === 'complete' ? waiting.variables.printJobId : 0;
      const other = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });

      // when / then
      expect(await harness.invoke(printCard, { variables: { nik, printJobId } })).toEqual({
        kind: 'fail',
        noRetry: true,
        message: `print job ${printJobId} is WAITING_STOCK: no blanko is reserved for it`,
      });
      expect(
        await harness.invoke(printCard, { variables: { nik: other.nik, printJobId } }),
      ).toMatchObject({ kind: 'fail', noRetry: true });
      expect((await state(pool, nik, printJobId)).job.status).toBe('WAITING_STOCK');
    });
  });

  describe('when the card comes out wrong', () => {
    let harness: HandlerHarness;

    beforeAll(async () => {
      // Every card is spoiled, by wrong SIAK data (name, birth, address).
      harness = await startHandlerHarness({
        env: {
          SIM_PRINT_DEFECT_RATE: '1',
          SIM_PRINT_DATA_DEFECT_SHARE: '1',
          SIM_PRINTER_DOWN_RATE: '0',
        },
      });
    });

    afterAll(async () => {
      await harness.stop();
    });

    it('should keep the defect on the job and spoil the blanko, once', async () => {
      // given
      const { nik, printJobId } = await queuedJob(harness);

      // when delivered twice
      const first = await harness.invoke(printCard, {
        key: '9101',
        variables: { nik, printJobId },
      });
      const again = await harness.invoke(printCard, {
        key: '9101',
        variables: { nik, printJobId },
      });

      // then
      expect(first).toEqual({
        kind: 'complete',
        variables: {
          printOutcome: 'DEFECT',
          cardSerial: null,
          defect: expect.stringMatching(/^(NAME|BIRTH_PLACE_DATE|ADDRESS)$/) as string,
          defectCause: 'SIAK_DATA_WRONG',
        },
      });
      expect(again).toEqual(first);
      const defect = first.kind === 'complete' ? first.variables.defect : null;
      expect(await state(harness.db.pool, nik, printJobId)).toEqual({
        job: { status: 'DEFECT', defect, printed: true },
        cards: null,
        stock: { on_hand: 9, reserved: 0 },
        movements: [
          { kind: 'RESERVE', quantity: 1 },
          { kind: 'SPOIL', quantity: -1 },
        ],
        card_status: 'SENT_FOR_CARD_PRINTING',
      });
    });
  });

  describe('when the printer is down', () => {
    let harness: HandlerHarness;

    beforeAll(async () => {
      harness = await startHandlerHarness({ env: { SIM_PRINTER_DOWN_RATE: '1' } });
    });

    afterAll(async () => {
      await harness.stop();
    });

    it('should retry later and keep the blanko reserved', async () => {
      // given
      const { nik, printJobId } = await queuedJob(harness);

      // when
      const outcome = await harness.invoke(printCard, { variables: { nik, printJobId } });

      // then
      expect(outcome).toEqual({
        kind: 'fail',
        message: expect.stringContaining('printer') as string,
        retryBackoffMs: printerDownBackoffMs,
      });
      expect(await state(harness.db.pool, nik, printJobId)).toMatchObject({
        job: { status: 'QUEUED', defect: null, printed: false },
        cards: null,
        stock: { on_hand: 10, reserved: 1 },
        movements: [{ kind: 'RESERVE', quantity: 1 }],
      });
    });
  });
});
