/**
 * Every endpoint of the API against every role, generated from the endpoint declarations: an
 * allowed role gets a 2xx whose JSON fits the declared answer, any other role a 403, and an
 * anonymous caller a 401 (endpoints open to anyone: a 2xx). An endpoint without a case below
 * fails the test, so no endpoint ships without its role check being exercised.
 */
import request from 'supertest';

import { apiEndpoints } from '../../api/src/api-endpoints.js';
import { createProcessMonitor } from '../../api/src/features/processes/process-monitor.js';
import { roles, type Role } from '../../api/src/features/auth/authorize.js';
import { sessionCookie } from '../../api/src/features/auth/cookies.js';
import { createSession } from '../../api/src/features/auth/sessions.js';
import type { Endpoint } from '../../api/src/http/endpoint.js';
import {
  insertOffice,
  insertStaff,
  kecamatanJelutung,
  kotaJambi,
  talangJauh,
} from '../helpers/domain-fixtures.js';
import { testApp, type TestApp } from '../helpers/api-harness.js';
import { startProcessHarness, type ProcessHarness } from '../processes/support/process-harness.js';
import { adminCases } from './role-matrix/admin-cases.js';
import { auditCases } from './role-matrix/audit-cases.js';
import { coreCases, matrixTaskProcess } from './role-matrix/core-cases.js';
import { operationsCases } from './role-matrix/operations-cases.js';
import { processesCases } from './role-matrix/processes-cases.js';
import { supervisionCases } from './role-matrix/supervision-cases.js';
import type {
  MatrixCaller,
  MatrixCases,
  MatrixRequest,
  MatrixWorld,
} from './role-matrix/matrix-case.js';

const cases: MatrixCases = {
  ...coreCases,
  ...supervisionCases,
  ...operationsCases,
  ...auditCases,
  ...processesCases,
  ...adminCases,
};

const kelurahanRoles: Role[] = ['ketua-rt', 'staf-kelurahan', 'lurah'];
const dinasRoles: Role[] = ['dinas-siak', 'dinas-cetak', 'dinas-gudang', 'kadis'];

function unitOf(role: Role): string {
  if (kelurahanRoles.includes(role)) return talangJauh;
  return dinasRoles.includes(role) ? kotaJambi : kecamatanJelutung;
}

const callers: MatrixCaller[] = roles.map((role) => ({
  role,
  login: `matriks-${role}`,
  unitCode: unitOf(role),
}));

let harness: ProcessHarness;
let world: MatrixWorld;
let app: TestApp;
// Each call comes from its own address, so the sign-in and status rate limits stay out of the way.
let address = 0;

beforeAll(async () => {
  harness = await startProcessHarness();
  world = { pool: harness.db.pool, clock: harness.clock, zeebe: harness.client };
  await insertOffice(world.pool);
  for (const caller of callers) {
    await insertStaff(world.pool, {
      id: caller.login,
      roles: [caller.role],
      unitCode: caller.unitCode,
    });
  }
  await harness.client.deployResource({
    process: Buffer.from(matrixTaskProcess),
    name: 'matrix-task.bpmn',
  });
  app = testApp(world.pool, {
    clock: harness.clock,
    zeebe: harness.client,
    monitor: createProcessMonitor(harness.restAddress),
  });
}, 60_000);

afterAll(async () => {
  await harness.stop();
});

async function call(e: Endpoint, input: MatrixRequest, caller?: MatrixCaller) {
  const path = e.path.replace(/:(\w+)/g, (_match, name: string) =>
    encodeURIComponent(input.params?.[name] ?? '1'),
  );
  const agent = request(app);
  let r = agent[e.method](`/api${path}`).set(
    'x-forwarded-for',
    `10.9.${Math.floor(address / 250)}.${(address % 250) + 1}`,
  );
  address++;
  if (input.query) r = r.query(input.query);
  if (caller) {
    // A fresh session per call: signing out in one call must not sign out the next.
    const session = await createSession(world.pool, world.clock, caller.login, {});
    r = r.set('cookie', `${sessionCookie}=${session.token}`).set('x-csrf-token', session.csrfToken);
  }
  return input.body === undefined ? r : r.send(input.body as object);
}

const endpoints = apiEndpoints({ pool: undefined as never, clock: undefined as never });

describe('api - every endpoint against every role', () => {
  it('should have a case for every endpoint', () => {
    expect(endpoints.map((e) => e.operationId).filter((id) => !cases[id])).toEqual([]);
  });

  describe.each(endpoints.map((e) => [e.operationId, e] as const))('%s', (_id, e) => {
    it('should answer an anonymous caller 401, or 2xx when it is open to anyone', async () => {
      const anonymous = await call(
        e,
        e.access === 'anyone' ? await cases[e.operationId]!(world, callers[0]!) : {},
      );
      if (e.access === 'anyone') expect(anonymous.status).toBeLessThan(300);
      else
        expect([anonymous.status, anonymous.body]).toEqual([
          401,
          expect.objectContaining({ error: 'unauthenticated' }),
        ]);
    });

    it.each(callers.map((c) => [c.role, c] as const))('as %s', async (_role, caller) => {
      const allowed = e.access === 'anyone' || e.access.includes(caller.role);
      if (!allowed) {
        const refused = await call(e, {}, caller);
        expect([refused.status, (refused.body as { error?: string }).error]).toEqual([
          403,
          'forbidden',
        ]);
        return;
      }
      const answer = await call(e, await cases[e.operationId]!(world, caller), caller);
      if (answer.status >= 300)
        throw new Error(
          `${e.operationId} as ${caller.role}: ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      expect(answer.status).toBe(e.successStatus ?? (e.response ? 200 : 204));
      if (e.response && /json/.test(String(answer.headers['content-type']))) {
        const fits = e.response.safeParse(answer.body);
        if (!fits.success)
          throw new Error(
            `${e.operationId}: the answer does not fit its schema: ${fits.error.message}`,
          );
      }
    });
  });
});
