import express from 'express';
import request from 'supertest';

import { createLogger } from '../../../../platform/src/log/logger.js';
import { errorMiddleware } from '../../errors/error-middleware.js';
import { allowRoles, kelurahanScope } from './authorize.js';

function appWith(session: { user: { roles: string[] } } | undefined) {
  const app = express();
  app.use((_req, res, next) => {
    res.locals.session = session;
    next();
  });
  app.get('/breaches', allowRoles('kasi', 'sekcam', 'camat'), (_req, res) =>
    res.json({ ok: true }),
  );
  app.use(errorMiddleware(createLogger({ level: 'silent' })));
  return app;
}

describe('api - roles', () => {
  it('should answer 401 to the anonymous, 403 to a role not listed and 200 to a listed one', async () => {
    expect((await request(appWith(undefined)).get('/breaches')).status).toBe(401);
    const forbidden = await request(appWith({ user: { roles: ['petugas-loket'] } })).get(
      '/breaches',
    );
    expect([forbidden.status, (forbidden.body as { error: string }).error]).toEqual([
      403,
      'forbidden',
    ]);
    expect(
      (
        await request(appWith({ user: { roles: ['operator-perekaman', 'camat'] } })).get(
          '/breaches',
        )
      ).status,
    ).toBe(200);
  });

  it('should scope kelurahan staff to their kelurahan and everyone else to all of them', () => {
    expect(kelurahanScope({ roles: ['lurah'], unitCode: '15.71.08.1003' })).toBe('15.71.08.1003');
    expect(
      kelurahanScope({ roles: ['ketua-rt', 'staf-kelurahan'], unitCode: '15.71.08.1001' }),
    ).toBe('15.71.08.1001');
    expect(kelurahanScope({ roles: ['camat'], unitCode: '15.71.08' })).toBeUndefined();
    expect(
      kelurahanScope({ roles: ['lurah', 'auditor'], unitCode: '15.71.08.1001' }),
    ).toBeUndefined();
  });
});
