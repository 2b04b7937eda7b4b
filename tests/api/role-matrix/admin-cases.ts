/** Role-matrix cases for administration: staff, service levels, the work calendar, stations. */
import type { MatrixCases } from './matrix-case.js';

let serial = 0;
const next = () => ++serial;

export const adminCases: MatrixCases = {
  listStaff: () => Promise.resolve({ query: { active: 'true' } }),
  createStaff: () =>
    Promise.resolve({
      body: {
        id: `matriks-baru-${next()}`,
        name: 'Pegawai Baru',
        employment: 'NON_ASN',
        unitCode: '15.71.08',
        position: 'Petugas loket',
        roles: ['petugas-loket'],
        password: 'sandi-awal-123',
      },
    }),
  updateStaff: async (world) => {
    const id = `matriks-ubah-${next()}`;
    await world.pool.query(
      `insert into app.staff (id, name, employment, unit_code, position) values ($1, 'Pegawai', 'PNS', '15.71.08', 'Staf')`,
      [id],
    );
    return { params: { id }, body: { position: 'Pengadministrasi umum' } };
  },
  setStaffPassword: async (world) => {
    const id = `matriks-sandi-${next()}`;
    await world.pool.query(
      `insert into app.staff (id, name, employment, unit_code, position) values ($1, 'Pegawai', 'PNS', '15.71.08', 'Staf')`,
      [id],
    );
    return { params: { id }, body: { password: 'sandi-baru-123' } };
  },
  listSlaPolicies: () => Promise.resolve({}),
  updateSlaPolicy: () =>
    Promise.resolve({
      params: { code: 'DUPLICATE_CASE' },
      body: {
        dueAmount: 10,
        dueUnit: 'WORKING_DAYS',
        levels: [{ level: 1, afterAmount: 10, afterUnit: 'WORKING_DAYS', candidateGroup: 'kasi' }],
      },
    }),
  getWorkCalendar: () => Promise.resolve({ query: { year: '2026' } }),
  updateWorkCalendar: () =>
    Promise.resolve({
      body: { workingWeekdays: [1, 2, 3, 4, 5], opens: '08:00', closes: '16:00' },
    }),
  addHoliday: () =>
    Promise.resolve({
      body: {
        day: `2030-01-${String(next()).padStart(2, '0')}`,
        name: 'Libur uji',
        kind: 'CUTI_BERSAMA',
      },
    }),
  removeHoliday: async (world) => {
    const day = `2031-02-${String(next()).padStart(2, '0')}`;
    await world.pool.query(
      `insert into app.holidays (day, name, kind) values ($1, 'Libur uji', 'CUTI_BERSAMA')`,
      [day],
    );
    return { params: { day } };
  },
  createStation: () =>
    Promise.resolve({
      body: {
        id: `MATRIKS-${next()}`,
        kind: 'RECORDING',
        name: 'Alat rekam uji',
        locationCode: '15.71.08',
        dailyCapacity: 30,
      },
    }),
  updateStation: async (world) => {
    const id = `MATRIKS-U${next()}`;
    await world.pool.query(
      `insert into app.stations (id, kind, name, location_code, daily_capacity) values ($1, 'RECORDING', 'Uji', '15.71.08', 10)`,
      [id],
    );
    return { params: { id }, body: { dailyCapacity: 12 } };
  },
  listKelurahan: () => Promise.resolve({}),
  startEligibilityScan: () => Promise.resolve({}),
};
