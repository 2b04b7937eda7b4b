import type pg from 'pg';

import type { BiodataUpdateResult } from '../../adapters/central-registry.js';
import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { siakUnreachableBackoffMs, updateBiodata } from './update-biodata.js';

/** A resident with an open wrong-data case; `defect` as QC named it. */
async function wrongData(pool: pg.Pool, defect: string | null) {
  const { nik } = await insertResident(pool, {
    enrollmentStatus: 'PRINT_READY_RECORD',
    fullName: 'Muhamad Rizky',
  });
  const { rows } = await pool.query<{ id: number }>(
    `insert into app.correction_cases (nik, kind, defect, detected_by, opened_at)
     values ($1, 'DATA_WRONG', $2, 'QC', now()) returning id::int`,
    [nik, defect],
  );
  return { nik, correctionCaseId: (rows[0] as { id: number }).id };
}

async function record(pool: pg.Pool, nik: string) {
  const { rows } = await pool.query(
    `select r.full_name, c.root_cause from app.residents r
       join app.correction_cases c on c.nik = r.nik where r.nik = $1`,
    [nik],
  );
  return rows[0] as { full_name: string; root_cause: string | null };
}

describe('ektp.siak.update-biodata', () => {
  describe('with SIAK reachable', () => {
    let harness: HandlerHarness;
    let pool: pg.Pool;
    const sent: Array<{ nik: string; fields: Record<string, string | undefined> }> = [];

    beforeAll(async () => {
      harness = await startHandlerHarness({ env: { SIM_SUBMIT_FAILURE_RATE: '0' } });
      pool = harness.db.pool;
      // Record what reaches SIAK, and let the simulator answer.
      const registry = harness.context.adapters.centralRegistry;
      const update = registry.updateBiodata.bind(registry);
      registry.updateBiodata = async (request) => {
        sent.push(request);
        return update(request);
      };
    });

    afterAll(async () => {
      await harness.stop();
    });

    beforeEach(() => {
      sent.length = 0;
    });

    it('should correct the name in SIAK and in the record, and keep the root cause', async () => {
      // given
      const { nik, correctionCaseId } = await wrongData(pool, 'NAME');
      const variables = {
        nik,
        correctionCaseId,
        correctedName: '  Muhammad Rizki ',
        rootCause: 'OPERATOR_ENTRY',
      };

      // when delivered twice
      const first = await harness.invoke(updateBiodata, { key: '9921', variables });
      const again = await harness.invoke(updateBiodata, { key: '9921', variables });

      // then SIAK got the same correction twice, and the rows hold it
      expect(first).toEqual({ kind: 'complete', variables: {} });
      expect(again).toEqual(first);
      expect(sent).toEqual([
        { nik, fields: { name: 'Muhammad Rizki' } },
        { nik, fields: { name: 'Muhammad Rizki' } },
      ]);
      expect(await record(pool, nik)).toEqual({
        full_name: 'Muhammad Rizki',
        root_cause: 'OPERATOR_ENTRY',
      });
    });

    it('should send the corrected record’s fields of the defect when no name is given', async () => {
      const { nik, correctionCaseId } = await wrongData(pool, 'BIRTH_PLACE_DATE');
      const outcome = await harness.invoke(updateBiodata, {
        variables: { nik, correctionCaseId, correctedName: '' },
      });
      expect(outcome).toEqual({ kind: 'complete', variables: {} });
      expect(sent).toEqual([{ nik, fields: { birthPlace: 'Jambi', birthDate: '2008-03-15' } }]);
      expect(await record(pool, nik)).toEqual({ full_name: 'Muhamad Rizky', root_cause: null });
    });

    it('should raise an incident when SIAK refuses the correction, changing nothing', async () => {
      // given SIAK refuses what it is sent
      const { nik, correctionCaseId } = await wrongData(pool, 'NAME');
      const registry = harness.context.adapters.centralRegistry;
      const original = Object.getOwnPropertyDescriptor(registry, 'updateBiodata');
      registry.updateBiodata = (): Promise<BiodataUpdateResult> =>
        Promise.resolve({ ok: false, reason: 'REJECTED', detail: 'nama tidak sesuai akta' });
      try {
        // when
        const outcome = await harness.invoke(updateBiodata, {
          variables: { nik, correctionCaseId, correctedName: 'Muhammad Rizki' },
        });

        // then
        expect(outcome).toEqual({
          kind: 'fail',
          noRetry: true,
          message: 'SIAK refused the biodata correction: nama tidak sesuai akta',
        });
        expect(await record(pool, nik)).toEqual({ full_name: 'Muhamad Rizky', root_cause: null });
      } finally {
        if (original) Object.defineProperty(registry, 'updateBiodata', original);
      }
    });

    it('should refuse a case of another resident', async () => {
      const { correctionCaseId } = await wrongData(pool, 'NAME');
      const other = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
      expect(
        await harness.invoke(updateBiodata, { variables: { nik: other.nik, correctionCaseId } }),
      ).toMatchObject({ kind: 'fail', noRetry: true });
      expect(sent).toEqual([]);
    });
  });

  describe('with the line to SIAK down', () => {
    let harness: HandlerHarness;

    beforeAll(async () => {
      harness = await startHandlerHarness({ env: { SIM_SUBMIT_FAILURE_RATE: '1' } });
    });

    afterAll(async () => {
      await harness.stop();
    });

    it('should retry later without touching the record', async () => {
      const { nik, correctionCaseId } = await wrongData(harness.db.pool, 'NAME');
      const outcome = await harness.invoke(updateBiodata, {
        variables: {
          nik,
          correctionCaseId,
          correctedName: 'Muhammad Rizki',
          rootCause: 'OPERATOR_ENTRY',
        },
      });
      expect(outcome).toEqual({
        kind: 'fail',
        message: expect.stringContaining('SIAK') as string,
        retryBackoffMs: siakUnreachableBackoffMs,
      });
      expect(await record(harness.db.pool, nik)).toEqual({
        full_name: 'Muhamad Rizky',
        root_cause: null,
      });
    });
  });
});
