/**
 * The role matrix test (tests/api/role-matrix.test.ts) calls every endpoint of `apiEndpoints` as
 * every role: allowed → 2xx (and the JSON answer fits the declared response schema), any other role
 * → 403, anonymous → 401. Each endpoint has a case here that prepares what one allowed call needs
 * (a task of the caller's kelurahan, a resident, a breach …) and returns the request's input.
 *
 * The world: a test database seeded with the office (every kelurahan, RT, stations, blanko and a
 * staff member for every role — api/src/seed), the embedded engine with all processes deployed, and
 * a controlled clock. Each role signs in as one staff member; `caller.unitCode` is their unit.
 */
import type { Zeebe } from '@camunda8/sdk';
import type pg from 'pg';

import type { Role } from '../../../api/src/features/auth/authorize.js';
import type { ControlledClock } from '../../../platform/src/clock.js';

export interface MatrixWorld {
  pool: pg.Pool;
  clock: ControlledClock;
  zeebe: Zeebe.ZeebeGrpcClient;
}

export interface MatrixCaller {
  role: Role;
  login: string;
  unitCode: string;
}

export interface MatrixRequest {
  /** Values for the path's `:name` parts. */
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/** Prepares one allowed call by `caller` (called once per allowed role, so it may consume state). */
export type MatrixCase = (world: MatrixWorld, caller: MatrixCaller) => Promise<MatrixRequest>;

export type MatrixCases = Record<string, MatrixCase>;
