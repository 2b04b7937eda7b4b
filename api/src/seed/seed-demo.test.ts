/**
 * The demo seed of a first start: an empty database gets a small kecamatan and one login per role;
 * a database with residents is left alone.
 */
import { createLogger } from '../../../platform/src/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/test-database.js';
import { roleNames } from './generate-office.js';
import { verifyPassword } from '../features/auth/password.js';
import { seedDemoIfEmpty } from './seed-demo.js';

const log = createLogger({ level: 'silent' });
const clock = { now: () => Date.parse('2026-06-15T09:00:00+07:00') };
const cheap = { N: 1024, r: 8, p: 1 };

describe('seed - demo', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('should seed an empty database with a demo kecamatan and one login per role', async () => {
    // when
    const logins = await seedDemoIfEmpty(db.pool, clock, log, { scrypt: cheap });

    // then
    expect(logins.map((l) => l.role)).toEqual(roleNames);
    expect(logins.find((l) => l.role === 'camat')?.login).toBe('camat');
    const { rows } = await db.pool.query<{ staff_id: string; password_hash: string }>(
      'select staff_id, password_hash from app.users',
    );
    expect(rows).toHaveLength(roleNames.length);
    for (const login of logins) {
      const stored = rows.find((r) => r.staff_id === login.login)?.password_hash ?? '';
      await expect(verifyPassword(login.password, stored)).resolves.toBe(true);
    }
    const { rows: residents } = await db.pool.query<{ n: number }>(
      'select count(*)::int as n from app.residents',
    );
    expect(residents).toEqual([{ n: 300 }]);
  });

  it('should give the demo residents turning 17 soon and a married 16-year-old', async () => {
    const { rows } = await db.pool.query<{ turning: number; married_minors: number }>(
      `select count(*) filter (where birth_date + interval '17 years' > date '2026-06-15'
                                 and birth_date + interval '17 years' <= date '2026-06-15' + 60)::int as turning,
              count(*) filter (where marital_status = 'KAWIN'
                                 and birth_date > date '2026-06-15' - interval '17 years')::int as married_minors
       from app.residents`,
    );
    expect(rows[0]?.turning).toBeGreaterThan(0);
    expect(rows[0]?.married_minors).toBeGreaterThan(0);
  });

  it('should leave a database with residents alone', async () => {
    const logins = await seedDemoIfEmpty(db.pool, clock, log, { scrypt: cheap });
    expect(logins).toEqual([]);
    const { rows } = await db.pool.query<{ residents: number; users: number }>(
      `select (select count(*)::int from app.residents) as residents,
              (select count(*)::int from app.users) as users`,
    );
    expect(rows).toEqual([{ residents: 300, users: roleNames.length }]);
  });
});
