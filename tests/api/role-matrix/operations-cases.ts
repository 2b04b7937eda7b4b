/** Role-matrix cases for operations data: blanko stock and movements, stations, outages, attendance. */
import type { MatrixCases } from './matrix-case.js';

export const operationsCases: MatrixCases = {
  listBlankoStock: () => Promise.resolve({}),
  listBlankoMovements: () => Promise.resolve({ query: { item: 'BLANKO', kind: 'RECEIVE' } }),
  listStations: () => Promise.resolve({ query: { kind: 'RECORDING' } }),
  listStationOutages: () => Promise.resolve({ query: { open: 'false', from: '2026-03-01' } }),
  listAttendance: async (world, caller) => {
    await world.pool.query(
      `insert into app.attendance (staff_id, day, status, first_login_at, minutes_late)
       values ($1, '2026-03-02', 'HADIR', '2026-03-02T01:20:00Z', 20) on conflict do nothing`,
      [caller.login],
    );
    return { query: { from: '2026-03-02', to: '2026-03-02', late: 'true' } };
  },
};
