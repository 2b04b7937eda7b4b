import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { insertOffice } from '../../../../tests/helpers/domain-fixtures.js';
import { stationCloseOutage } from './close-outage.js';
import { defaultOutageCause, stationReportOutage } from './report-outage.js';

describe('station outages', () => {
  let harness: HandlerHarness;
  const query = <R extends object>(sql: string, params: unknown[] = []) =>
    harness.db.pool.query<R>(sql, params).then((r) => r.rows);
  const outages = () =>
    query<{
      station_id: string;
      started_at: Date;
      ended_at: Date | null;
      cause: string;
      reported_by: string;
    }>(
      'select station_id, started_at, ended_at, cause, reported_by from app.station_outages order by id',
    );
  const notifications = () =>
    query<{ recipient_kind: string; staff_id: string; template: string; reference: string }>(
      `select recipient_kind, staff_id, template, reference from app.notifications order by id`,
    );

  beforeAll(async () => {
    harness = await startHandlerHarness();
    await insertOffice(harness.db.pool);
    // Monday 2 March 2026, 10:00 WIB
    harness.clock.pin(Date.parse('2026-03-02T03:00:00Z'));
  });

  afterAll(async () => {
    await harness.stop();
  });

  describe('ektp.station.report-outage', () => {
    it('should open the outage for this recording and tell the Kasi, once', async () => {
      // when the same job comes twice
      const job = {
        key: '4503599627371001',
        processInstanceKey: '2251799813685001',
        variables: { stationId: 'REKAM-1', note: 'Kamera tidak terbaca' },
      };
      const outcome = await harness.invoke(stationReportOutage, job);
      harness.clock.add(60_000);
      const again = await harness.invoke(stationReportOutage, job);

      // then
      expect(outcome).toEqual({ kind: 'complete', variables: { stationId: 'REKAM-1' } });
      expect(again).toEqual(outcome);
      expect(await outages()).toEqual([
        {
          station_id: 'REKAM-1',
          started_at: new Date('2026-03-02T03:00:00Z'),
          ended_at: null,
          cause: 'Kamera tidak terbaca',
          reported_by: 'process:2251799813685001',
        },
      ]);
      expect(await notifications()).toEqual([
        {
          recipient_kind: 'STAFF',
          staff_id: 'kasi',
          template: 'STATION_OUTAGE',
          reference: 'outage:4503599627371001:kasi',
        },
      ]);
    });

    it('should keep the one open outage of a station another recording reports too', async () => {
      // when
      const outcome = await harness.invoke(stationReportOutage, {
        processInstanceKey: '2251799813685002',
        variables: { stationId: 'REKAM-1' },
      });

      // then
      expect(outcome.kind).toBe('complete');
      expect(await outages()).toHaveLength(1);
      expect(await notifications()).toHaveLength(2);
    });

    it('should name a default cause when the operator wrote none', async () => {
      await harness.invoke(stationReportOutage, {
        processInstanceKey: '2251799813685003',
        variables: { stationId: 'REKAM-2', note: '  ' },
      });
      expect((await outages())[1]).toMatchObject({
        station_id: 'REKAM-2',
        cause: defaultOutageCause,
      });
    });

    it('should raise an incident for a station that is not a recording station, and open nothing', async () => {
      const before = await outages();
      const outcome = await harness.invoke(stationReportOutage, {
        variables: { stationId: 'REKAM-9' },
      });
      expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
      expect(await outages()).toEqual(before);
    });
  });

  describe('ektp.station.close-outage', () => {
    it('should close only what this recording reported, once', async () => {
      // given the outage of REKAM-1 reported by instance ...001, 25 minutes ago
      harness.clock.pin(Date.parse('2026-03-02T03:25:00Z'));

      // when the recording goes on at another station, and the job comes twice
      const job = { processInstanceKey: '2251799813685001', variables: { stationId: 'REKAM-3' } };
      const outcome = await harness.invoke(stationCloseOutage, job);
      harness.clock.add(60_000);
      const again = await harness.invoke(stationCloseOutage, job);

      // then
      expect(outcome).toEqual({ kind: 'complete', variables: {} });
      expect(again).toEqual(outcome);
      expect((await outages()).map((o) => [o.station_id, o.ended_at])).toEqual([
        ['REKAM-1', new Date('2026-03-02T03:25:00Z')],
        ['REKAM-2', null],
      ]);
    });

    it('should close nothing for a recording that reported nothing itself', async () => {
      const before = await outages();
      await harness.invoke(stationCloseOutage, {
        processInstanceKey: '2251799813685002',
        variables: {},
      });
      expect(await outages()).toEqual(before);
    });

    it('should end an outage after it started even when reported and closed at one instant', async () => {
      // given
      harness.clock.pin(Date.parse('2026-03-02T05:00:00Z'));
      const job = { processInstanceKey: '2251799813685004', variables: { stationId: 'REKAM-3' } };
      await harness.invoke(stationReportOutage, job);

      // when
      await harness.invoke(stationCloseOutage, job);

      // then
      const [outage] = await query<{ started_at: Date; ended_at: Date }>(
        `select started_at, ended_at from app.station_outages where station_id = 'REKAM-3'`,
      );
      expect(outage?.ended_at.getTime()).toBeGreaterThan(outage?.started_at.getTime() ?? 0);
    });
  });
});
