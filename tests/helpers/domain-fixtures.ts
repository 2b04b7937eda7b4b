/**
 * Small, explicit rows of the app schema for tests that need a resident, a member of staff or a
 * station and nothing else. Bigger, realistic data comes from the seed (api/src/seed).
 */
import type pg from 'pg';

export const talangJauh = '15.71.08.1001';
export const kecamatanJelutung = '15.71.08';
export const kotaJambi = '15.71';

let serial = 1;

function pad(value: number, length: number): string {
  return String(value).padStart(length, '0');
}

export interface ResidentFixture {
  nik: string;
  kkNo: string;
  fullName: string;
  kelurahanCode: string;
  rw: number;
  rt: number;
}

/**
 * Inserts a resident (and its family and neighbourhood when missing) and returns its NIK. The NIK
 * follows the birth date and sex, as the schema demands.
 */
export async function insertResident(
  pool: pg.Pool,
  options: {
    fullName?: string;
    birthDate?: string;
    sex?: 'L' | 'P';
    maritalStatus?: 'BELUM_KAWIN' | 'KAWIN' | 'CERAI_HIDUP' | 'CERAI_MATI';
    kelurahanCode?: string;
    rw?: number;
    rt?: number;
    phone?: string | null;
    enrollmentStatus?: string;
  } = {},
): Promise<ResidentFixture> {
  const birthDate = options.birthDate ?? '2008-03-15';
  const sex = options.sex ?? 'L';
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const n = serial++;
  const nik = `157108${pad(day + (sex === 'P' ? 40 : 0), 2)}${pad(month, 2)}${pad(year % 100, 2)}${pad(n, 4)}`;
  const kkNo = `157108${pad(day, 2)}${pad(month, 2)}${pad(year % 100, 2)}${pad(n, 4)}`;
  const kelurahanCode = options.kelurahanCode ?? talangJauh;
  const rw = options.rw ?? 1;
  const rt = options.rt ?? 1;
  const fullName = options.fullName ?? `Warga Uji ${n}`;
  await pool.query(
    `insert into app.neighbourhoods (kelurahan_code, rw, rt) values ($1, $2, $3) on conflict do nothing`,
    [kelurahanCode, rw, rt],
  );
  await pool.query(
    `insert into app.families (kk_no, kelurahan_code, rw, rt, address) values ($1, $2, $3, $4, 'Jl. Uji No. 1')`,
    [kkNo, kelurahanCode, rw, rt],
  );
  await pool.query(
    `insert into app.residents (nik, kk_no, full_name, birth_place, birth_date, sex, religion, marital_status,
                                occupation, address, kelurahan_code, rw, rt, phone, enrollment_status)
     values ($1, $2, $3, 'Jambi', $4, $5, 'ISLAM', $6, 'PELAJAR/MAHASISWA', 'Jl. Uji No. 1', $7, $8, $9, $10, $11)`,
    [
      nik,
      kkNo,
      fullName,
      birthDate,
      sex,
      options.maritalStatus ?? 'BELUM_KAWIN',
      kelurahanCode,
      rw,
      rt,
      options.phone === undefined ? '081234567890' : options.phone,
      options.enrollmentStatus ?? 'UNREGISTERED',
    ],
  );
  return { nik, kkNo, fullName, kelurahanCode, rw, rt };
}

/** Inserts a member of staff with roles; the superior must exist already. */
export async function insertStaff(
  pool: pg.Pool,
  staff: {
    id: string;
    roles: string[];
    unitCode?: string;
    superiorId?: string;
    name?: string;
    employment?: 'PNS' | 'PPPK' | 'NON_ASN';
  },
): Promise<void> {
  await pool.query(
    `insert into app.staff (id, name, employment, unit_code, position, superior_id) values ($1, $2, $3, $4, $5, $6)`,
    [
      staff.id,
      staff.name ?? `Pegawai ${staff.id}`,
      staff.employment ?? 'PNS',
      staff.unitCode ?? kecamatanJelutung,
      staff.roles[0] ?? 'pelaksana',
      staff.superiorId ?? null,
    ],
  );
  for (const role of staff.roles) {
    await pool.query(`insert into app.staff_roles (staff_id, role) values ($1, $2)`, [
      staff.id,
      role,
    ]);
  }
}

/** The kecamatan's chain of command and one officer per role, enough for every process. */
export async function insertOffice(pool: pg.Pool): Promise<void> {
  await insertStaff(pool, { id: 'camat', roles: ['camat'] });
  await insertStaff(pool, { id: 'sekcam', roles: ['sekcam'], superiorId: 'camat' });
  await insertStaff(pool, { id: 'kasi', roles: ['kasi'], superiorId: 'sekcam' });
  await insertStaff(pool, {
    id: 'loket-1',
    roles: ['petugas-loket'],
    superiorId: 'kasi',
    employment: 'NON_ASN',
  });
  await insertStaff(pool, { id: 'operator-1', roles: ['operator-perekaman'], superiorId: 'kasi' });
  await insertStaff(pool, {
    id: 'lurah-1001',
    roles: ['lurah'],
    unitCode: talangJauh,
    superiorId: 'camat',
  });
  await insertStaff(pool, {
    id: 'staf-1001',
    roles: ['staf-kelurahan'],
    unitCode: talangJauh,
    superiorId: 'lurah-1001',
  });
  await insertStaff(pool, {
    id: 'rt-1001-01-01',
    roles: ['ketua-rt'],
    unitCode: talangJauh,
    superiorId: 'lurah-1001',
    employment: 'NON_ASN',
  });
  await insertStaff(pool, { id: 'kadis', roles: ['kadis'], unitCode: kotaJambi });
  await insertStaff(pool, {
    id: 'dinas-siak',
    roles: ['dinas-siak'],
    unitCode: kotaJambi,
    superiorId: 'kadis',
  });
  await insertStaff(pool, {
    id: 'dinas-cetak',
    roles: ['dinas-cetak'],
    unitCode: kotaJambi,
    superiorId: 'kadis',
  });
  await insertStaff(pool, {
    id: 'dinas-gudang',
    roles: ['dinas-gudang'],
    unitCode: kotaJambi,
    superiorId: 'kadis',
  });
  for (const id of ['REKAM-1', 'REKAM-2', 'REKAM-3']) {
    await pool.query(
      `insert into app.stations (id, kind, name, location_code, daily_capacity) values ($1, 'RECORDING', $2, $3, 40)`,
      [id, `Stasiun perekaman ${id.slice(-1)}`, kecamatanJelutung],
    );
  }
}
