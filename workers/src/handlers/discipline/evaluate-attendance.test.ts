import path from 'node:path';

import type pg from 'pg';

import { projectRoot } from '../../../../platform/src/project-root.js';
import { insertOffice } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { evaluateAttendanceHandler } from './evaluate-attendance.js';

async function absent(pool: pg.Pool, staffId: string, days: string[]): Promise<void> {
  for (const day of days) {
    await pool.query(
      `insert into app.attendance (staff_id, day, status) values ($1, $2, 'TANPA_KETERANGAN')`,
      [staffId, day],
    );
  }
}

async function cases(pool: pg.Pool) {
  const { rows } = await pool.query<{
    staff_id: string;
    superior_id: string;
    trigger: string;
    started: boolean;
  }>(
    `select staff_id, superior_id, trigger, process_instance_key is not null as started
       from app.disciplinary_cases order by id`,
  );
  return rows;
}

describe('ektp.attendance.evaluate', () => {
  let harness: HandlerHarness;
  let pool: pg.Pool;

  beforeAll(async () => {
    // Friday 10 April 2026, 07:30 WIB
    harness = await startHandlerHarness({ at: '2026-04-10T00:30:00Z' });
    pool = harness.db.pool;
    await insertOffice(pool);
    await harness.engine.client.deployResource({
      processFilename: path.join(projectRoot, 'processes', 'staff-discipline.bpmn'),
    });
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should open a case for each threshold newly crossed this year, once', async () => {
    // given an operator (PNS) absent three days this year and three last year, and a counter
    // officer (contract) absent three days
    await absent(pool, 'operator-1', ['2025-11-03', '2025-11-10', '2025-11-17']);
    await absent(pool, 'operator-1', ['2026-01-12', '2026-02-09', '2026-03-09']);
    await absent(pool, 'loket-1', ['2026-01-13', '2026-01-20', '2026-01-27']);

    // when the job is delivered twice
    const first = await harness.invoke(evaluateAttendanceHandler, { key: '9941' });
    const again = await harness.invoke(evaluateAttendanceHandler, { key: '9941' });

    // then one case each, for the direct superior, with its discipline instance started
    expect(first).toEqual({ kind: 'complete', variables: { disciplinaryCasesOpened: 2 } });
    expect(again).toEqual({ kind: 'complete', variables: { disciplinaryCasesOpened: 0 } });
    expect(await cases(pool)).toEqual([
      { staff_id: 'loket-1', superior_id: 'kasi', trigger: 'ABSENCE_3_DAYS_2026', started: true },
      {
        staff_id: 'operator-1',
        superior_id: 'kasi',
        trigger: 'ABSENCE_3_DAYS_2026',
        started: true,
      },
    ]);

    // when the operator is absent a fourth day
    await absent(pool, 'operator-1', ['2026-04-09']);
    const next = await harness.invoke(evaluateAttendanceHandler, {});

    // then the next step opens
    expect(next).toEqual({ kind: 'complete', variables: { disciplinaryCasesOpened: 1 } });
    expect((await cases(pool)).map((c) => `${c.staff_id} ${c.trigger}`)).toEqual([
      'loket-1 ABSENCE_3_DAYS_2026',
      'operator-1 ABSENCE_3_DAYS_2026',
      'operator-1 ABSENCE_4_DAYS_2026',
    ]);
  });

  it('should put ten consecutive working days on the dismissal track', async () => {
    // given the Sekcam absent Monday 2 to Friday 13 February 2026
    const days = [2, 3, 4, 5, 6, 9, 10, 11, 12, 13].map(
      (d) => `2026-02-${String(d).padStart(2, '0')}`,
    );
    await absent(pool, 'sekcam', days);

    // when
    await harness.invoke(evaluateAttendanceHandler, {});

    // then the highest cumulative step reached (7 days) and the consecutive track
    expect(
      (await cases(pool)).filter((c) => c.staff_id === 'sekcam').map((c) => c.trigger),
    ).toEqual(['ABSENCE_7_DAYS_2026', 'ABSENCE_10_CONSECUTIVE_2026-02-02']);
  });

  it('should skip staff without a superior here, and staff no longer active', async () => {
    // given the Camat (superior outside the kecamatan) and a Lurah no longer active, both absent
    await pool.query(`update app.staff set active = false where id = 'lurah-1001'`);
    await absent(pool, 'camat', ['2026-01-05', '2026-01-06', '2026-01-08']);
    await absent(pool, 'lurah-1001', ['2026-01-05', '2026-01-06', '2026-01-08']);
    const before = await cases(pool);

    // when
    const outcome = await harness.invoke(evaluateAttendanceHandler, {});

    // then nothing opens, and the evaluation completes
    expect(outcome).toEqual({ kind: 'complete', variables: { disciplinaryCasesOpened: 0 } });
    expect(await cases(pool)).toEqual(before);
  });
});
