/**
 * Opens a disciplinary case for a staff member with their direct superior (PP 94/2021) and starts
 * its `staff-discipline` instance. Idempotent on (staff, trigger): a case already opened for the
 * same trigger is returned, and its instance is started only once.
 */
import type { HandlerContext } from '../job-handler.js';
import { startProcess } from './zeebe-calls.js';

export const disciplineProcessId = 'staff-discipline';

// The role a superior acts in, most senior first: it becomes the examine task's candidate group.
const superiorRoles = ['kadis', 'camat', 'sekcam', 'kasi', 'lurah'];

export async function openDisciplinaryCase(
  context: Pick<HandlerContext, 'pool' | 'clock' | 'zeebe'>,
  request: {
    staffId: string;
    violation: 'ABSENCE' | 'LATE' | 'SERVICE_NEGLECT';
    trigger: string;
    violationText: string;
  },
): Promise<{ ok: true; caseId: number } | { ok: false; reason: string }> {
  const { pool, clock, zeebe } = context;
  const { rows: staff } = await pool.query<{
    name: string;
    superior_id: string | null;
    superior_roles: string[] | null;
  }>(
    `select s.name, s.superior_id,
            (select array_agg(r.role::text) from app.staff_roles r where r.staff_id = s.superior_id) as superior_roles
       from app.staff s where s.id = $1`,
    [request.staffId],
  );
  const member = staff[0];
  if (!member) return { ok: false, reason: `staff member '${request.staffId}' does not exist` };
  if (!member.superior_id)
    return { ok: false, reason: `staff member '${request.staffId}' has no direct superior` };
  const superiorRole =
    superiorRoles.find((role) => member.superior_roles?.includes(role)) ?? 'camat';
  const { rows } = await pool.query<{ id: string; process_instance_key: string | null }>(
    `with inserted as (
       insert into app.disciplinary_cases (staff_id, superior_id, violation, trigger, opened_at)
       values ($1, $2, $3, $4, $5)
       on conflict (staff_id, trigger) do nothing
       returning id::text, process_instance_key::text)
     select * from inserted
     union all
     select id::text, process_instance_key::text from app.disciplinary_cases where staff_id = $1 and trigger = $4`,
    [
      request.staffId,
      member.superior_id,
      request.violation,
      request.trigger,
      new Date(clock.now()),
    ],
  );
  const found = rows[0];
  if (!found) return { ok: false, reason: 'the disciplinary case could not be recorded' };
  if (found.process_instance_key === null) {
    const instance = await startProcess(zeebe, disciplineProcessId, {
      caseId: Number(found.id),
      staffId: request.staffId,
      staffName: member.name,
      superiorId: member.superior_id,
      superiorRole,
      decisionRole: superiorRole,
      violation: request.violation,
      violationText: request.violationText,
    });
    await pool.query(
      `update app.disciplinary_cases set process_instance_key = $2 where id = $1 and process_instance_key is null`,
      [found.id, instance.processInstanceKey],
    );
  }
  return { ok: true, caseId: Number(found.id) };
}
