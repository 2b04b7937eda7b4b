import type pg from 'pg';

import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { issueSuket, suketNumber } from './issue-suket.js';

async function sukets(pool: pg.Pool, nik: string) {
  const { rows } = await pool.query<{ no: string; status: string; reason: string }>(
    `select no, status, reason from app.sukets where nik = $1 order by issued_at, no`,
    [nik],
  );
  return rows;
}

async function messages(pool: pg.Pool, nik: string) {
  const { rows } = await pool.query<{ template: string; reference: string; channel: string }>(
    `select template, reference, channel from app.notifications where nik = $1 order by id`,
    [nik],
  );
  return rows;
}

describe('ektp.suket.issue', () => {
  let harness: HandlerHarness;
  let pool: pg.Pool;
  const noBlanko = { reason: 'NO_BLANKO' };

  beforeAll(async () => {
    // Every message arrives, so the test reads what was sent, not the simulator's losses.
    harness = await startHandlerHarness({ env: { SIM_NOTIFY_FAILURE_RATE: '0' } });
    pool = harness.db.pool;
  });

  afterAll(async () => {
    await harness.stop();
  });

  beforeEach(() => {
    // Monday 2 March 2026, 09:00 WIB
    harness.clock.pin(Date.parse('2026-03-02T02:00:00Z'));
  });

  it('should issue a Suket valid six months and tell the resident by SMS, once', async () => {
    // given
    const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });

    // when the job is delivered twice
    const first = await harness.invoke(issueSuket, {
      key: '8001',
      variables: { nik },
      headers: noBlanko,
    });
    const again = await harness.invoke(issueSuket, {
      key: '8001',
      variables: { nik },
      headers: noBlanko,
    });

    // then one valid letter, dated six months on, announced once
    expect(first).toEqual({
      kind: 'complete',
      variables: {
        suketNumber: expect.stringMatching(/^470\/\d+\/DISDUKCAPIL\/2026$/) as string,
        suketValidUntil: '2026-09-02T02:00:00.000Z',
      },
    });
    expect(again).toEqual(first);
    const number = first.kind === 'complete' ? first.variables.suketNumber : '';
    expect(await sukets(pool, nik)).toEqual([{ no: number, status: 'VALID', reason: 'NO_BLANKO' }]);
    expect(await messages(pool, nik)).toEqual([
      { template: 'SUKET_ISSUED', reference: `suket:${number}`, channel: 'SMS' },
    ]);
  });

  it('should answer the Suket still held when the process comes back without blanko', async () => {
    // given a resident holding a valid Suket (a print defect sent the process back here)
    const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
    const first = await harness.invoke(issueSuket, { variables: { nik }, headers: noBlanko });
    harness.clock.add(3 * 86_400_000);

    // when another job asks for one
    const second = await harness.invoke(issueSuket, { variables: { nik }, headers: noBlanko });

    // then the same letter, no second one, no second message
    expect(second).toEqual(first);
    expect(await sukets(pool, nik)).toHaveLength(1);
    expect(await messages(pool, nik)).toHaveLength(1);
  });

  it('should expire the Suket held and issue a new one on renewal', async () => {
    // given a Suket issued 150 days ago
    const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
    const first = await harness.invoke(issueSuket, { variables: { nik }, headers: noBlanko });
    harness.clock.add(150 * 86_400_000);

    // when renewed (twice delivered)
    const renewal = { ...noBlanko, renewal: 'true' };
    const renewed = await harness.invoke(issueSuket, {
      key: '8002',
      variables: { nik },
      headers: renewal,
    });
    const again = await harness.invoke(issueSuket, {
      key: '8002',
      variables: { nik },
      headers: renewal,
    });

    // then the old one expired and a new one, valid six months from today, was announced
    expect(renewed.kind === 'complete' && renewed.variables.suketValidUntil).toBe(
      '2027-01-30T02:00:00.000Z',
    );
    expect(again).toEqual(renewed);
    const [old, current] = await sukets(pool, nik);
    expect(old).toEqual({
      no: first.kind === 'complete' ? first.variables.suketNumber : '',
      status: 'EXPIRED',
      reason: 'NO_BLANKO',
    });
    expect(current).toEqual({
      no: renewed.kind === 'complete' ? renewed.variables.suketNumber : '',
      status: 'VALID',
      reason: 'NO_BLANKO',
    });
    expect((await messages(pool, nik)).map((m) => m.reference)).toEqual([
      `suket:${old?.no}`,
      `suket:${current?.no}`,
    ]);
  });

  it('should refuse a resident who is not registered, issuing nothing', async () => {
    const nik = '1571081503080999';
    const outcome = await harness.invoke(issueSuket, { variables: { nik }, headers: noBlanko });
    expect(outcome).toEqual({
      kind: 'fail',
      noRetry: true,
      message: expect.stringContaining('157108******0999') as string,
    });
    expect(await sukets(pool, nik)).toEqual([]);
  });

  it('should number a Suket by the year in Jambi', () => {
    // 31 December 2026, 18:00 UTC is already 1 January 2027 in WIB
    expect(suketNumber(12, Date.parse('2026-12-31T18:00:00Z'))).toBe('470/12/DISDUKCAPIL/2027');
  });
});
