/**
 * The seed in a real database: a population lands whole with its office, a second seed is refused
 * unless it appends, and an appended seed continues the numbering.
 */
import { createLogger } from '../../../platform/src/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/test-database.js';
import { SeedRefusedError, seedDatabase } from './seed-database.js';

const log = createLogger({ level: 'silent' });
const now = Date.parse('2026-06-15T09:00:00+07:00');

describe('seed - database', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  async function counts() {
    const { rows } = await db.pool.query<Record<string, number>>(
      `select (select count(*)::int from app.residents) as residents,
              (select count(*)::int from app.families) as families,
              (select count(*)::int from app.staff) as staff,
              (select count(*)::int from app.stations) as stations,
              (select count(*)::int from app.stock_movements) as movements`,
    );
    return rows[0] as Record<string, number>;
  }

  it('should write residents, their families and RT, the office and the first blanko', async () => {
    // when
    const summary = await seedDatabase(
      db.pool,
      { residents: 2_000, seed: 11, today: '2026-06-15', append: false, now },
      log,
    );

    // then
    expect(summary).toMatchObject({ residents: 2_000, stations: 5 });
    expect(await counts()).toMatchObject({
      residents: 2_000,
      families: summary.families,
      staff: summary.staff,
      stations: 5,
      movements: 2,
    });
    const { rows: stock } = await db.pool.query(
      `select item, on_hand from app.stock where location_code = '15.71' order by item`,
    );
    expect(stock).toEqual([
      { item: 'BLANKO', on_hand: 500 },
      { item: 'RIBBON', on_hand: 5 },
    ]);
    const { rows: rt } = await db.pool.query<{ missing: number }>(
      `select count(*)::int as missing from app.neighbourhoods where ketua_rt_name is null`,
    );
    expect(rt).toEqual([{ missing: 0 }]);
    const { rows: roles } = await db.pool.query<{ roles: number }>(
      `select count(distinct role)::int as roles from app.staff_roles`,
    );
    expect(roles).toEqual([{ roles: 15 }]);
  });

  it('should refuse to seed again without --append, and change nothing', async () => {
    const before = await counts();
    await expect(
      seedDatabase(
        db.pool,
        { residents: 10, seed: 12, today: '2026-06-15', append: false, now },
        log,
      ),
    ).rejects.toThrow(SeedRefusedError);
    expect(await counts()).toEqual(before);
  });

  it('should append new residents after the numbers in use, with the same office', async () => {
    // given
    const before = await counts();

    // when the same seed is appended
    await seedDatabase(
      db.pool,
      { residents: 500, seed: 11, today: '2026-06-15', append: true, now },
      log,
    );

    // then there are 500 more residents, none repeating a NIK, and no second office
    const after = await counts();
    expect(after.residents).toBe((before.residents ?? 0) + 500);
    expect(after.staff).toBe(before.staff);
    expect(after.movements).toBe(before.movements);
  });

  it('should roll back a seed that is interrupted', async () => {
    const before = await counts();
    const interrupt = new AbortController();
    interrupt.abort(new Error('interrupted'));
    await expect(
      seedDatabase(
        db.pool,
        {
          residents: 100,
          seed: 13,
          today: '2026-06-15',
          append: true,
          now,
          signal: interrupt.signal,
        },
        log,
      ),
    ).rejects.toThrow('interrupted');
    expect(await counts()).toEqual(before);
  });
});
