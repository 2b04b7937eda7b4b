import {
  insertOffice,
  insertResident,
  talangJauh,
} from '../../../../tests/helpers/domain-fixtures.js';
import { addLogins, signIn, testApp } from '../../../../tests/helpers/api-harness.js';
import {
  startProcessHarness,
  type ProcessHarness,
} from '../../../../tests/processes/support/process-harness.js';

describe('api - running the eligibility scan now', () => {
  let harness: ProcessHarness;

  beforeAll(async () => {
    harness = await startProcessHarness();
    await insertOffice(harness.db.pool);
    await addLogins(harness.db.pool, 'kasi', 'loket-1');
    // Turns 17 within the scan's horizon.
    await insertResident(harness.db.pool, { birthDate: '2009-03-20' });
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should start the scan for the Kasi, audited, and the Camat gets the letters to sign', async () => {
    const app = testApp(harness.db.pool, { clock: harness.clock, zeebe: harness.client });
    const kasi = await signIn(app, 'kasi');

    const started = await kasi.agent
      .post('/api/operations/eligibility-scan')
      .set('x-csrf-token', kasi.csrf);

    expect(started.status).toBe(202);
    const sign = await harness.task('sign');
    expect(sign.variables).toMatchObject({ kelurahanCode: talangJauh, residentCount: 1 });
    const { rows } = await harness.db.pool.query(
      `select actor, subject_id from app.audit_log where subject_type = 'eligibility_scan'`,
    );
    expect(rows).toEqual([
      {
        actor: 'kasi',
        subject_id: (started.body as { processInstanceKey: string }).processInstanceKey,
      },
    ]);
    const counter = await signIn(app, 'loket-1');
    expect(
      (
        await counter.agent
          .post('/api/operations/eligibility-scan')
          .set('x-csrf-token', counter.csrf)
      ).status,
    ).toBe(403);
  });
});
