/**
 * Every endpoint declares the roles that may call it: anonymous → 401, signed in without one of the
 * roles → 403. The roles are those of DOMAIN.md, as in app.staff_roles.
 */
import type { RequestHandler } from 'express';

import { ApiError } from '../../errors/api-error.js';
import { currentSession } from './authenticate.js';

export const roles = [
  'ketua-rt',
  'staf-kelurahan',
  'lurah',
  'petugas-loket',
  'operator-perekaman',
  'kasi',
  'sekcam',
  'camat',
  'dinas-siak',
  'dinas-cetak',
  'dinas-gudang',
  'kadis',
  'perancang-proses',
  'admin',
  'auditor',
] as const;

export type Role = (typeof roles)[number];

/** Roles whose work is one kelurahan's: they see only its residents and tasks. */
export const kelurahanRoles: ReadonlySet<string> = new Set(['ketua-rt', 'staf-kelurahan', 'lurah']);

export class UnauthenticatedError extends ApiError {
  constructor() {
    super(401, 'unauthenticated', 'Sign in first.');
  }
}

export class ForbiddenError extends ApiError {
  constructor(message = 'Your role may not do this.') {
    super(403, 'forbidden', message);
  }
}

export function allowRoles(...allowed: Role[]): RequestHandler {
  const set = new Set<string>(allowed);
  return (_req, res, next) => {
    const session = currentSession(res);
    if (!session) {
      next(new UnauthenticatedError());
      return;
    }
    next(session.user.roles.some((role) => set.has(role)) ? undefined : new ForbiddenError());
  };
}

/**
 * The kelurahan a caller may see, or undefined for all of them: a staff member whose roles are all
 * kelurahan roles sees only the kelurahan of their unit.
 */
export function kelurahanScope(user: { roles: string[]; unitCode: string }): string | undefined {
  return user.roles.length > 0 && user.roles.every((role) => kelurahanRoles.has(role))
    ? user.unitCode
    : undefined;
}
