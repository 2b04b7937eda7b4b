/**
 * Administration of staff (/api/admin/staff): who works where, with which roles and superior,
 * and their sign-in. Each change is audited in the same transaction. A password set here is a
 * first or reset password: it clears a lockout and ends the staff member's sessions.
 */
import { z } from 'zod';

import type { ApiData } from '../../api-endpoints.js';
import { ApiError, NotFoundError } from '../../errors/api-error.js';
import { booleanFlag, pageOf, pageQuery } from '../../http/common-schemas.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { inTransaction } from '../../../../platform/src/database/in-transaction.js';
import { writeAudit } from '../audit/write-audit.js';
import { roles, type Role } from '../auth/authorize.js';
import { hashPassword } from '../auth/password.js';

export const administrators: Role[] = ['admin'];

const unitCode = z
  .string()
  .regex(/^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/, 'must be a region code such as 15.71.08');
const staffId = z
  .string()
  .regex(/^[a-z0-9.-]{2,64}$/, 'must be 2–64 lower-case letters, digits, dots or dashes');
const password = z.string().min(10, 'at least 10 characters').max(200);
const roleList = z.array(z.enum(roles)).min(1, 'at least one role').max(roles.length);

const staffRecord = z.object({
  id: z.string(),
  name: z.string(),
  nip: z.string().nullable(),
  employment: z.enum(['PNS', 'PPPK', 'NON_ASN']),
  unitCode: z.string(),
  position: z.string(),
  superiorId: z.string().nullable(),
  active: z.boolean(),
  roles: z.array(z.string()),
  canSignIn: z.boolean(),
});

const newStaff = z
  .object({
    id: staffId,
    name: z.string().trim().min(1, 'is required').max(100),
    nip: z
      .string()
      .regex(/^\d{18}$/, 'must be 18 digits')
      .optional(),
    employment: z.enum(['PNS', 'PPPK', 'NON_ASN']),
    unitCode,
    position: z.string().trim().min(1, 'is required').max(100),
    superiorId: staffId.optional(),
    roles: roleList,
    password: password.optional(),
  })
  .strict()
  .superRefine((s, context) => {
    if (s.employment === 'NON_ASN' && s.nip)
      context.addIssue({ code: 'custom', path: ['nip'], message: 'contract staff have no NIP' });
  });

const staffChange = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    unitCode: unitCode.optional(),
    position: z.string().trim().min(1).max(100).optional(),
    superiorId: staffId.nullable().optional(),
    active: z.boolean().optional(),
    roles: roleList.optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'nothing to change');

const idPath = z.object({ id: staffId });

const listQuery = z
  .object({
    unit: unitCode.optional(),
    role: z.enum(roles).optional(),
    active: booleanFlag.optional(),
    q: z.string().trim().min(1).max(100).optional(),
    ...pageQuery(200, 50),
  })
  .strict();

const selectStaff = `
  select s.id, s.name, s.nip, s.employment, s.unit_code as "unitCode", s.position, s.superior_id as "superiorId",
         s.active, coalesce((select array_agg(r.role::text order by r.role) from app.staff_roles r where r.staff_id = s.id), '{}') as roles,
         exists (select 1 from app.users u where u.staff_id = s.id) as "canSignIn"
    from app.staff s`;

export function staffAdminEndpoints(deps: ApiData): Endpoint[] {
  const tag = 'Administration';
  const one = async (id: string) => {
    const { rows } = await deps.pool.query<z.infer<typeof staffRecord>>(
      `${selectStaff} where s.id = $1`,
      [id],
    );
    if (!rows[0]) throw new NotFoundError(`No staff member ${id}.`);
    return rows[0];
  };
  /** A 400 on `field` unless the referenced row exists. */
  const mustExist = async (sql: string, value: string, field: string, message: string) => {
    const { rows } = await deps.pool.query(sql, [value]);
    if (rows.length === 0)
      throw new ApiError(400, 'validation_failed', 'The request body is not valid.', [
        { field, message },
      ]);
  };

  return [
    endpoint({
      operationId: 'listStaff',
      method: 'get',
      path: '/admin/staff',
      tag,
      summary: 'Staff with their roles, unit and superior',
      access: administrators,
      query: listQuery,
      response: pageOf(staffRecord),
      handler: async ({ query: q }) => {
        const filters = [
          q.unit ?? null,
          q.role ?? null,
          q.active === undefined ? null : q.active === 'true',
          q.q?.toLowerCase().replace(/[%_\\]/g, '') ?? null,
        ];
        const where = `where ($1::text is null or s.unit_code = $1)
            and ($2::text is null or exists (select 1 from app.staff_roles r where r.staff_id = s.id and r.role = $2))
            and ($3::boolean is null or s.active = $3)
            and ($4::text is null or s.id like $4 || '%' or lower(s.name) like '%' || $4 || '%')`;
        const { rows } = await deps.pool.query<z.infer<typeof staffRecord>>(
          `${selectStaff} ${where} order by s.id limit $5 offset $6`,
          [...filters, q.pageSize, (q.page - 1) * q.pageSize],
        );
        const { rows: counted } = await deps.pool.query<{ n: number }>(
          `select count(*)::int as n from app.staff s ${where}`,
          filters,
        );
        return { items: rows, page: q.page, pageSize: q.pageSize, total: counted[0]?.n ?? 0 };
      },
    }),

    endpoint({
      operationId: 'createStaff',
      method: 'post',
      path: '/admin/staff',
      tag,
      summary: 'Add a staff member with roles (and a first password to sign in with)',
      access: administrators,
      body: newStaff,
      response: staffRecord,
      successStatus: 201,
      errors: [409],
      handler: async ({ body: s, user, res }) => {
        await mustExist(
          `select 1 from app.regions where code = $1`,
          s.unitCode,
          'unitCode',
          'is not a known region',
        );
        if (s.superiorId)
          await mustExist(
            `select 1 from app.staff where id = $1 and active`,
            s.superiorId,
            'superiorId',
            'is not an active staff member',
          );
        const hash = s.password ? await hashPassword(s.password) : undefined;
        await inTransaction(deps.pool, async (client) => {
          const inserted = await client.query(
            `insert into app.staff (id, name, nip, employment, unit_code, position, superior_id)
             values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing`,
            [
              s.id,
              s.name,
              s.nip ?? null,
              s.employment,
              s.unitCode,
              s.position,
              s.superiorId ?? null,
            ],
          );
          if (inserted.rowCount === 0)
            throw new ApiError(409, 'staff_exists', `A staff member ${s.id} exists already.`);
          for (const role of s.roles)
            await client.query(`insert into app.staff_roles (staff_id, role) values ($1, $2)`, [
              s.id,
              role,
            ]);
          if (hash)
            await client.query(`insert into app.users (staff_id, password_hash) values ($1, $2)`, [
              s.id,
              hash,
            ]);
          await writeAudit(client, {
            at: deps.clock.now(),
            actor: user.id,
            action: 'create',
            subjectType: 'staff',
            subjectId: s.id,
            requestId: String(res.locals.requestId),
            details: { roles: s.roles, unitCode: s.unitCode, canSignIn: Boolean(hash) },
          });
        });
        return one(s.id);
      },
    }),

    endpoint({
      operationId: 'updateStaff',
      method: 'patch',
      path: '/admin/staff/:id',
      tag,
      summary: 'Change a staff member: name, unit, position, superior, roles, or deactivate',
      description:
        'Deactivating ends the sessions at once; the staff member can no longer sign in. Their open tasks stay with them until reassigned.',
      access: administrators,
      params: idPath,
      body: staffChange,
      response: staffRecord,
      errors: [404],
      handler: async ({ params: { id }, body: c, user, res }) => {
        const before = await one(id);
        if (c.unitCode)
          await mustExist(
            `select 1 from app.regions where code = $1`,
            c.unitCode,
            'unitCode',
            'is not a known region',
          );
        if (c.superiorId) {
          if (c.superiorId === id)
            throw new ApiError(400, 'validation_failed', 'The request body is not valid.', [
              { field: 'superiorId', message: 'cannot be the staff member themself' },
            ]);
          await mustExist(
            `select 1 from app.staff where id = $1 and active`,
            c.superiorId,
            'superiorId',
            'is not an active staff member',
          );
        }
        if (c.active === false && id === user.id)
          throw new ApiError(409, 'own_account', 'You cannot deactivate your own account.');
        await inTransaction(deps.pool, async (client) => {
          await client.query(
            `update app.staff set name = coalesce($2, name), unit_code = coalesce($3, unit_code),
                    position = coalesce($4, position),
                    superior_id = case when $5::boolean then $6 else superior_id end,
                    active = coalesce($7, active)
              where id = $1`,
            [
              id,
              c.name ?? null,
              c.unitCode ?? null,
              c.position ?? null,
              c.superiorId !== undefined,
              c.superiorId ?? null,
              c.active ?? null,
            ],
          );
          if (c.roles) {
            await client.query(`delete from app.staff_roles where staff_id = $1`, [id]);
            for (const role of c.roles)
              await client.query(`insert into app.staff_roles (staff_id, role) values ($1, $2)`, [
                id,
                role,
              ]);
          }
          // A changed role or a deactivation must not wait for the session to expire.
          if (c.roles || c.active === false || c.unitCode)
            await client.query(`delete from app.sessions where staff_id = $1`, [id]);
          await writeAudit(client, {
            at: deps.clock.now(),
            actor: user.id,
            action: 'update',
            subjectType: 'staff',
            subjectId: id,
            requestId: String(res.locals.requestId),
            details: { before: { ...before }, change: c },
          });
        });
        return one(id);
      },
    }),

    endpoint({
      operationId: 'setStaffPassword',
      method: 'put',
      path: '/admin/staff/:id/password',
      tag,
      summary: 'Set a first or new password: clears a lockout and ends the sessions',
      access: administrators,
      params: idPath,
      body: z.object({ password }).strict(),
      successStatus: 204,
      errors: [404],
      handler: async ({ params: { id }, body, user, res }) => {
        await one(id);
        const hash = await hashPassword(body.password);
        await inTransaction(deps.pool, async (client) => {
          await client.query(
            `insert into app.users (staff_id, password_hash) values ($1, $2)
             on conflict (staff_id) do update set password_hash = $2, failed_logins = 0, locked_until = null`,
            [id, hash],
          );
          await client.query(`delete from app.sessions where staff_id = $1`, [id]);
          await writeAudit(client, {
            at: deps.clock.now(),
            actor: user.id,
            action: 'update',
            subjectType: 'staff_password',
            subjectId: id,
            requestId: String(res.locals.requestId),
          });
        });
        return undefined;
      },
    }),
  ];
}
