/**
 * `ektp.attendance.evaluate`: every working morning, the absences without valid reason of every
 * active staff member are counted against the PP 94/2021 rules (domain/attendance-rules.ts); each
 * newly crossed threshold opens a disciplinary case for the direct superior and starts its
 * `staff-discipline` instance (support/disciplinary-cases.ts, idempotent on staff and trigger).
 *
 * A case recorded whose instance did not start (the engine was unreachable) counts as not opened,
 * so the next delivery starts it. A staff member without a superior in the product (the Camat, the
 * Kadis: their superiors sit outside the kecamatan) cannot get a case here; that is logged and the
 * others are still evaluated.
 */
import { z } from 'zod';

import {
  defaultAttendanceRules,
  describeCrossing,
  newAbsenceCrossings,
  type AttendanceRules,
  type Employment,
} from '../../domain/attendance-rules.js';
import { isWorkingDay } from '../../domain/work-calendar.js';
import { complete, defineHandler, type HandlerContext } from '../job-handler.js';
import { openDisciplinaryCase } from '../support/disciplinary-cases.js';
import { noHeaders } from '../support/schemas.js';
import { loadWorkCalendar } from '../support/work-calendar-store.js';

const wibOffsetMs = 7 * 60 * 60_000;

/** The rules the worker applies; an office replaces the defaults here. */
export const attendanceRules: AttendanceRules = defaultAttendanceRules;

export async function evaluateAttendance(
  context: HandlerContext,
  rules: AttendanceRules = attendanceRules,
): Promise<number> {
  const { pool, clock, log } = context;
  const year = new Date(clock.now() + wibOffsetMs).getUTCFullYear();
  const calendar = await loadWorkCalendar(pool, clock);
  // Noon in Jambi (05:00 UTC) lies inside the local day whatever the offset rounding.
  const workingDay = (day: string) => isWorkingDay(calendar, Date.parse(`${day}T05:00:00Z`));
  // Absences from 1 December of last year on: a run of consecutive days may reach into this year.
  const { rows: staff } = await pool.query<{
    id: string;
    employment: Employment;
    absent_days: string[];
    opened: string[];
  }>(
    `select s.id, s.employment,
            array(select to_char(a.day, 'YYYY-MM-DD') from app.attendance a
                   where a.staff_id = s.id and a.status = 'TANPA_KETERANGAN'
                     and a.day >= make_date($1 - 1, 12, 1) and a.day < make_date($1 + 1, 1, 1)
                   order by a.day) as absent_days,
            array(select c.trigger from app.disciplinary_cases c
                   where c.staff_id = s.id and c.violation = 'ABSENCE'
                     and c.process_instance_key is not null) as opened
       from app.staff s
      where s.active
        and exists (select 1 from app.attendance a
                     where a.staff_id = s.id and a.status = 'TANPA_KETERANGAN'
                       and a.day >= make_date($1 - 1, 12, 1) and a.day < make_date($1 + 1, 1, 1))
      order by s.id`,
    [year],
  );
  let opened = 0;
  for (const member of staff) {
    const crossings = newAbsenceCrossings({
      employment: member.employment,
      year,
      absentDays: member.absent_days,
      opened: new Set(member.opened),
      isWorkingDay: workingDay,
      rules,
    });
    for (const crossing of crossings) {
      const result = await openDisciplinaryCase(context, {
        staffId: member.id,
        violation: 'ABSENCE',
        trigger: crossing.trigger,
        violationText: describeCrossing(crossing),
      });
      if (result.ok) opened += 1;
      else
        log.warn('no disciplinary case could be opened', {
          staffId: member.id,
          reason: result.reason,
        });
    }
  }
  return opened;
}

export const evaluateAttendanceHandler = defineHandler({
  type: 'ektp.attendance.evaluate',
  variables: z.looseObject({}),
  headers: noHeaders,
  output: z.object({ disciplinaryCasesOpened: z.number().int().min(0) }),
  async handle(_job, context) {
    return complete({ disciplinaryCasesOpened: await evaluateAttendance(context) });
  },
});
