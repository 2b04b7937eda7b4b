import { insertOffice, insertResident } from '../helpers/domain-fixtures.js';
import { day, startProcessHarness, type ProcessHarness } from './support/process-harness.js';
import { settle } from './support/steps.js';

describe('ektp-printing: no blanko → Suket → a delivery arrives → printed', () => {
  let harness: ProcessHarness;

  beforeAll(async () => {
    // The Dinas is out of blanko until a delivery on Tuesday 3 March 2026 at 10:00 WIB.
    harness = await startProcessHarness({
      simulators: {
        SIM_BLANKO_FIRST_DELIVERY: '2026-03-03T10:00:00+07:00',
        SIM_BLANKO_INTERVAL_DAYS: '14',
        SIM_BLANKO_QUANTITY: '50',
      },
    });
    await insertOffice(harness.db.pool);
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should issue a Suket, wait for stock, then print when the delivery is booked', async () => {
    // given: a resident whose record is print-ready
    const { nik, kelurahanCode } = await insertResident(harness.db.pool, {
      fullName: 'Dewi Lestari',
      sex: 'P',
      birthDate: '1990-07-01',
      enrollmentStatus: 'PRINT_READY_RECORD',
    });

    // when: printing starts without blanko
    const started = await harness.client.createProcessInstance({
      bpmnProcessId: 'ektp-printing',
      variables: { nik, kelurahanCode, residentName: 'Dewi Lestari' },
    });
    await settle(harness);

    // then: a Suket valid for six months, the resident told, the print job waiting
    const { rows: sukets } = await harness.db.pool.query(
      `select status, reason, (valid_until - issued_at) > interval '180 days' as six_months from app.sukets where nik = $1`,
      [nik],
    );
    expect(sukets).toEqual([{ status: 'VALID', reason: 'NO_BLANKO', six_months: true }]);
    const { rows: waiting } = await harness.db.pool.query(
      `select status from app.print_jobs where nik = $1`,
      [nik],
    );
    expect(waiting).toEqual([{ status: 'WAITING_STOCK' }]);
    const { rows: told } = await harness.db.pool.query(
      `select template from app.notifications where nik = $1 and template = 'SUKET_ISSUED'`,
      [nik],
    );
    expect(told).toHaveLength(1);

    // when: two mornings later the daily stock run books Tuesday's delivery and releases the queue
    await harness.advance(2 * day);
    await harness.waitFor('the card to reach the kecamatan', async () => {
      const { rows } = await harness.db.pool.query<{ status: string }>(
        `select status from app.cards where nik = $1`,
        [nik],
      );
      return rows[0]?.status === 'AT_KECAMATAN';
    });

    // then: printed from the delivered stock, late by the 1-working-day service level
    const { rows: stock } = await harness.db.pool.query(
      `select on_hand, reserved from app.stock where location_code = '15.71' and item = 'BLANKO'`,
    );
    expect(stock).toEqual([{ on_hand: 49, reserved: 0 }]);
    const { rows: breaches } = await harness.db.pool.query(
      `select policy_code, level, candidate_group from app.breaches where process_instance_key = $1`,
      [started.processInstanceKey],
    );
    expect(breaches).toEqual([{ policy_code: 'PRINT', level: 1, candidate_group: 'dinas-cetak' }]);
    expect(await harness.incidents()).toEqual([]);
  });
});
