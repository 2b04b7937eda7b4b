import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { parseNik } from '../../workers/src/domain/nik.js';

describe('app schema - regions', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('should hold Jelutung and its 7 kelurahan with both Kemendagri and BPS codes', async () => {
    // when
    const { rows } = await db.pool.query<{ code: string; bps_code: string; name: string }>(
      `select code, bps_code, name from app.regions where parent_code = '15.71.08' order by code`,
    );

    // then
    expect(rows.map((r) => [r.code, r.bps_code, r.name])).toEqual([
      ['15.71.08.1001', '1571030006', 'Talang Jauh'],
      ['15.71.08.1002', '1571030005', 'Cempaka Putih'],
      ['15.71.08.1003', '1571030001', 'Kebun Handil'],
      ['15.71.08.1004', '1571030004', 'Lebak Bandung'],
      ['15.71.08.1005', '1571030003', 'Payo Lebar'],
      ['15.71.08.1006', '1571030002', 'Jelutung'],
      ['15.71.08.1007', '1571030007', 'Handil Jaya'],
    ]);
  });

  it('should find the kecamatan of first registration of a NIK', async () => {
    // given
    const nik = parseNik('1571084506990001');
    if (!nik.ok) throw new Error(nik.reason);

    // when
    const { rows } = await db.pool.query<{ name: string; bps_code: string }>(
      'select name, bps_code from app.regions where code = $1',
      [nik.value.kecamatanCode],
    );

    // then
    expect(rows).toEqual([{ name: 'Jelutung', bps_code: '1571030' }]);
  });

  it('should refuse a region whose code does not fit its level or parent', async () => {
    await expect(
      db.pool.query(
        `insert into app.regions (code, level, name, parent_code) values ('15.71.08.1008', 'KELURAHAN', 'Baru', '15.71')`,
      ),
    ).rejects.toThrow(/violates check constraint/);
    await expect(
      db.pool.query(
        `insert into app.regions (code, level, name, parent_code) values ('1571', 'KECAMATAN', 'Salah', '15.71')`,
      ),
    ).rejects.toThrow(/violates check constraint/);
    const { rows } = await db.pool.query<{ n: string }>(`select count(*) as n from app.regions`);
    expect(rows).toEqual([{ n: '10' }]);
  });
});
