import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/test-database.js';
import { cancelVanishedTasks } from './cancel-vanished-tasks.js';

describe('user tasks - cancelVanishedTasks', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('should cancel only open tasks whose job has not been seen since the cut-off', async () => {
    // given three open tasks seen at 08:00, 08:20 and 08:40, and a completed one seen at 08:00
    const seen = ['08:00', '08:20', '08:40', '08:00'];
    for (const [i, at] of seen.entries()) {
      await db.pool.query(
        `insert into app.tasks (job_key, process_instance_key, bpmn_process_id, process_definition_version, element_id,
            element_instance_key, state, created_at, last_seen_at, completed_at)
         values ($1, 1, 'p', 1, 'e', $1, $2, $3, $3, $4)`,
        [
          100 + i,
          i === 3 ? 'COMPLETED' : 'CREATED',
          `2026-12-01T${at}:00+07:00`,
          i === 3 ? '2026-12-01T08:05:00+07:00' : null,
        ],
      );
    }

    // when the cut-off is 08:30
    const cancelled = await cancelVanishedTasks(db.pool, new Date('2026-12-01T08:30:00+07:00'));

    // then
    expect(cancelled).toBe(2);
    const { rows } = await db.pool.query<{ job_key: string; state: string }>(
      `select job_key::text, state from app.tasks order by job_key`,
    );
    expect(rows).toEqual([
      { job_key: '100', state: 'CANCELED' },
      { job_key: '101', state: 'CANCELED' },
      { job_key: '102', state: 'CREATED' },
      { job_key: '103', state: 'COMPLETED' },
    ]);
  });
});
