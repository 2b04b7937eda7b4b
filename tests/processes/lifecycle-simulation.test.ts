/**
 * The whole lifecycle for a kecamatan's worth of residents in virtual time: the eligibility scan
 * invites them, simulated people (workers/src/simulation) do the staff's and residents' part, the
 * simulators play SIAK/ABIS, the printing line and the messages, and the clock moves an hour at a
 * time in office hours. At the end every resident is either activated or in a named exception
 * state, and the breaches match the delays the simulators injected.
 *
 * SIMULATION_RESIDENTS sets the number of residents (default 1,000); the run prints its figures.
 */
import { planClearance } from '../../workers/src/adapters/central-registry-simulator.js';
import { addSlaDuration } from '../../workers/src/domain/sla-deadline.js';
import { PeopleSimulator } from '../../workers/src/simulation/people-simulator.js';
import { insertOffice, insertResident } from '../helpers/domain-fixtures.js';
import { day, hour, startProcessHarness, type ProcessHarness } from './support/process-harness.js';
import { stockBlanko } from './support/steps.js';
import { runInVirtualTime } from '../helpers/virtual-time.js';

const residents = Number(process.env.SIMULATION_RESIDENTS ?? 1000);
const kelurahan = ['1001', '1002', '1003', '1004', '1005', '1006', '1007'].map(
  (k) => `15.71.08.${k}`,
);
const namedEnds = [
  'ACTIVATED',
  'INVITATION_UNDELIVERABLE',
  'NO_SHOW',
  'NOT_ELIGIBLE',
  'ALREADY_RECORDED',
  'DUPLICATE_RECORD',
  'ENROLMENT_FAILED',
  'CARD_UNCLAIMED',
  'FINGERPRINT_MISMATCH',
];

describe(`the e-KTP lifecycle of ${residents} residents in virtual time`, () => {
  let harness: ProcessHarness;

  beforeAll(async () => {
    harness = await startProcessHarness({
      calm: false,
      simulators: { SIM_SEED: 'jelutung-simulation' },
    });
    await insertOffice(harness.db.pool);
    await stockBlanko(harness, Math.round(residents * 0.3));
    for (let i = 0; i < residents; i++) {
      const year = 1970 + (i % 38);
      await insertResident(harness.db.pool, {
        birthDate: `${year}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
        sex: i % 2 === 0 ? 'L' : 'P',
        kelurahanCode: kelurahan[i % kelurahan.length]!,
        rw: (i % 5) + 1,
        rt: (i % 4) + 1,
        phone: i % 10 === 0 ? null : '081234567890',
      });
    }
  }, 120_000);

  afterAll(async () => {
    await harness.stop();
  });

  it(
    'should end every resident activated or in a named exception state, with breaches matching the injected delays',
    async () => {
      const virtualStart = harness.clock.now();
      const people = new PeopleSimulator({
        pool: harness.db.pool,
        client: harness.client,
        clock: harness.clock,
        calendar: harness.calendar,
        seed: 'jelutung-people',
      });

      // when: the monthly scan runs and the kecamatan works for as long as it takes
      await harness.client.createProcessInstance({
        bpmnProcessId: 'ektp-eligibility-scan',
        variables: {},
      });
      const run = await runInVirtualTime({
        pool: harness.db.pool,
        clock: harness.clock,
        advance: (milliseconds) => harness.advance(milliseconds),
        people,
        // Every resident's last lifecycle has ended (a monthly scan may invite a no-show again).
        done: async () => {
          const { rows } = await harness.db.pool.query<{ residents: number; running: number }>(
            `select count(distinct nik)::int as residents,
                  count(*) filter (where state = 'RUNNING')::int as running
             from app.lifecycles`,
          );
          return rows[0]!.residents === residents && rows[0]!.running === 0;
        },
        limit: virtualStart + 240 * day,
        onStep: ({ steps, virtualDays, wallSeconds }) => {
          if (process.env.SIMULATION_PROGRESS && steps % 25 === 0) {
            process.stderr.write(
              `day ${virtualDays.toFixed(1)} after ${wallSeconds.toFixed(0)} s\n`,
            );
          }
        },
      });
      const { steps, wallSeconds } = run;

      // then: every resident ended, in a named state
      const { rows: states } = await harness.db.pool.query<{ state: string; n: number }>(
        `select state, count(*)::int as n
         from (select distinct on (nik) state from app.lifecycles order by nik, id desc) latest
        group by state order by n desc`,
      );
      const { rows: instanceRows } = await harness.db.pool.query<{ n: number }>(
        `select count(*)::int as n from engine.process_instances`,
      );
      const instances = instanceRows[0]!.n;
      const virtualDays = (harness.clock.now() - virtualStart) / day;
      process.stdout.write(
        `\nlifecycle simulation: ${residents} residents, ${virtualDays.toFixed(0)} virtual days in ${steps} steps, ` +
          `${wallSeconds.toFixed(1)} s wall, ${instances} process instances (${(instances / wallSeconds).toFixed(1)}/s)\n` +
          `  end states: ${states.map((s) => `${s.state} ${s.n}`).join(', ')}\n` +
          `  injected: ${[...people.injected].map(([k, v]) => `${k} ${v}`).join(', ')}\n`,
      );
      expect(states.reduce((sum, s) => sum + s.n, 0)).toBe(residents);
      for (const { state } of states) expect(namedEnds).toContain(state);
      const activated = states.find((s) => s.state === 'ACTIVATED')?.n ?? 0;
      expect(activated).toBeGreaterThan(residents * 0.7);
      expect(await harness.incidents()).toEqual([]);

      // and: one level-1 breach for every delivery the RT made late, none for those on time
      const { rows: deliverBreaches } = await harness.db.pool.query<{ n: number }>(
        `select count(*)::int as n from app.breaches where policy_code = 'INVITATION_DELIVER' and level = 1`,
      );
      expect(deliverBreaches[0]!.n).toBe(people.injected.get('late-delivery') ?? 0);

      // and: the late PRRs are the enrolments the central simulator decided after 14 working days
      const { rows: enrolments } = await harness.db.pool.query<{
        nik: string;
        attempt: number;
        sent_at: Date;
      }>(`select nik, attempt, sent_at from app.enrolments where sent_at is not null`);
      let surelyLate = 0;
      let possiblyLate = 0;
      for (const e of enrolments) {
        const plan = planClearance(
          harness.simulatorConfig,
          harness.calendar,
          { nik: e.nik, attempt: e.attempt },
          e.sent_at.getTime(),
        );
        const decidedAt = plan.steps[plan.steps.length - 1]!.at;
        const due = addSlaDuration(harness.calendar, e.sent_at.getTime(), 14, 'WORKING_DAYS');
        // The clearance polls once a day: a decision up to a day before the deadline may still be seen late.
        if (decidedAt > due) surelyLate += 1;
        if (decidedAt + day + hour > due) possiblyLate += 1;
      }
      const { rows: prrBreaches } = await harness.db.pool.query<{ n: number }>(
        `select count(*)::int as n from app.breaches where policy_code = 'CENTRAL_PRR' and level = 1`,
      );
      process.stdout.write(
        `  PRR breaches ${prrBreaches[0]!.n} (expected ${surelyLate}–${possiblyLate})\n`,
      );
      expect(prrBreaches[0]!.n).toBeGreaterThanOrEqual(surelyLate);
      expect(prrBreaches[0]!.n).toBeLessThanOrEqual(possiblyLate);
    },
    30 * 60_000,
  );
});
