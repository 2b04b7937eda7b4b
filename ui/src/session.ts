/**
 * Who is signed in, and what they may open. What a role may do is read from the contract: each
 * operation's roles (`x-roles` in /api/openapi.json), so a page shows exactly when its API would
 * answer, and a role change in the API moves the navigation with it.
 */
import { ApiFailure, call, setCsrfToken, type Answer, type OperationId } from './api/client';
import { operations } from './generated/api-contract';

export type SessionUser = Answer<'currentUser'>['user'];

let user: SessionUser | undefined;

export function currentUser(): SessionUser | undefined {
  return user;
}

/** Asks the API who is signed in (the cookie survives a reload; the CSRF token comes back too). */
export async function loadSession(): Promise<SessionUser | undefined> {
  try {
    const me = await call('currentUser');
    user = me.user;
    setCsrfToken(me.csrfToken);
  } catch (error) {
    if (!(error instanceof ApiFailure) || error.status !== 401) throw error;
    forgetSession();
  }
  return user;
}

export function startSession(answer: Answer<'signIn'>): void {
  user = answer.user;
  setCsrfToken(answer.csrfToken);
}

export function forgetSession(): void {
  user = undefined;
  setCsrfToken(undefined);
}

/** Whether the signed-in user (or the public, when nobody is) may call an operation. */
export function may(operation: OperationId): boolean {
  const roles: readonly string[] = operations[operation].roles;
  if (roles.includes('anyone')) return true;
  return user?.roles.some((role) => roles.includes(role)) ?? false;
}
