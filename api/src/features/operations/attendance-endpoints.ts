/**
 * Attendance (/api/operations/attendance): one row per staff member and working day — present
 * (and how late), on leave, sick, on duty elsewhere, or absent without a valid reason, what the
 * PP 94/2021 rules count — with filters, as pages or CSV.
 *
 * Attendance is personal data of the staff, so each supervisor sees the people they answer for:
 * a Lurah their kelurahan; the Kasi, Sekcam and Camat the kecamatan office and its kelurahan
 * (their unit and the units within it); the Kadis the Dinas; the administrator and the auditor
 * everyone.
 */
import { z } from 'zod';

import type { ApiData } from '../../api-endpoints.js';
import { booleanFlag, dateTime, listFormat, pageOf, pageQuery } from '../../http/common-schemas.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { ListFilter } from '../../http/list-filter.js';
import { kelurahanScope, type Role } from '../auth/authorize.js';
import type { SessionUser } from '../auth/sessions.js';
import { toCsv } from '../supervision/csv.js';
import { fromNotAfterTo, localDay } from '../supervision/local-period.js';

const attendanceReaders: Role[] = ['lurah', 'kasi', 'sekcam', 'camat', 'kadis', 'admin', 'auditor'];
const seeEveryone = new Set(['admin', 'auditor']);
const seeUnitsWithin = new Set(['kasi', 'sekcam', 'camat']);

const status = z.enum(['HADIR', 'IZIN', 'SAKIT', 'CUTI', 'DINAS_LUAR', 'TANPA_KETERANGAN']);

const attendanceRow = z.object({
  staffId: z.string(),
  name: z.string(),
  unitCode: z.string(),
  position: z.string(),
  employment: z.enum(['PNS', 'PPPK', 'NON_ASN']),
  day: z.string(),
  status,
  firstLoginAt: dateTime.nullable(),
  minutesLate: z.number().int(),
});

const attendanceQuery = z
  .object({
    staff: z
      .string()
      .regex(/^[a-z0-9.-]{1,64}$/, 'must be a staff login')
      .optional(),
    unit: z
      .string()
      .regex(/^\d{2}(\.\d{2}){0,2}(\.\d{4})?$/, 'must be a region code')
      .optional(),
    status: status.optional(),
    /** true: only the days someone came late. */
    late: booleanFlag.optional(),
    from: localDay.optional(),
    to: localDay.optional(),
    format: listFormat,
    ...pageQuery(500, 50),
  })
  .strict()
  .superRefine(fromNotAfterTo);

/** The units whose staff `user` may see, as an SQL condition on `s.unit_code` from `$n`. */
function unitScope(user: SessionUser): { exact?: string; within?: string } | undefined {
  if (user.roles.some((role) => seeEveryone.has(role))) return undefined;
  const kelurahan = kelurahanScope(user);
  if (kelurahan) return { exact: kelurahan };
  if (user.roles.some((role) => seeUnitsWithin.has(role))) return { within: user.unitCode };
  return { exact: user.unitCode };
}

export function attendanceEndpoints(deps: ApiData): Endpoint[] {
  const { pool } = deps;
  return [
    endpoint({
      operationId: 'listAttendance',
      method: 'get',
      path: '/operations/attendance',
      tag: 'Operations',
      summary:
        'Staff attendance per working day, newest first, within the units the caller answers for (CSV with format=csv)',
      access: attendanceReaders,
      query: attendanceQuery,
      response: pageOf(attendanceRow),
      alsoProduces: ['text/csv'],
      handler: async ({ query: q, user, res }) => {
        const filter = new ListFilter();
        const scope = unitScope(user);
        if (scope?.exact) filter.add('s.unit_code = ?', scope.exact);
        if (scope?.within)
          filter.add(`(s.unit_code = ? or s.unit_code like ? || '.%')`, scope.within);
        if (q.staff) filter.add('a.staff_id = ?', q.staff);
        if (q.unit) filter.add('s.unit_code = ?', q.unit);
        if (q.status) filter.add('a.status = ?', q.status);
        if (q.late) filter.require(q.late === 'true' ? 'a.minutes_late > 0' : 'a.minutes_late = 0');
        if (q.from) filter.add('a.day >= ?::date', q.from);
        if (q.to) filter.add('a.day <= ?::date', q.to);
        const csv = q.format === 'csv';
        const window = filter.window(q, csv);
        const { rows } = await pool.query<{
          staff_id: string;
          name: string;
          unit_code: string;
          position: string;
          employment: 'PNS' | 'PPPK' | 'NON_ASN';
          day: string;
          status: z.infer<typeof status>;
          first_login_at: Date | null;
          minutes_late: number;
          total: number;
        }>(
          `select a.staff_id, s.name, s.unit_code, s.position, s.employment, to_char(a.day, 'YYYY-MM-DD') as day,
                  a.status, a.first_login_at, a.minutes_late, count(*) over ()::int as total
             from app.attendance a join app.staff s on s.id = a.staff_id
            ${filter.where()}
            order by a.day desc, a.staff_id
            ${window}`,
          filter.params,
        );
        const items = rows.map((r) => ({
          staffId: r.staff_id,
          name: r.name,
          unitCode: r.unit_code,
          position: r.position,
          employment: r.employment,
          day: r.day,
          status: r.status,
          firstLoginAt: r.first_login_at?.toISOString() ?? null,
          minutesLate: r.minutes_late,
        }));
        if (csv) {
          res
            .type('text/csv; charset=utf-8')
            .attachment('kehadiran-pegawai.csv')
            .send(toCsv(Object.keys(attendanceRow.shape), items));
          return undefined;
        }
        return { items, page: q.page, pageSize: q.pageSize, total: rows[0]?.total ?? 0 };
      },
    }),
  ];
}
