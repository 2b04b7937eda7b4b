import express from 'express';
import request from 'supertest';

import { ControlledClock } from '../../platform/src/clock.js';
import { clockRouter } from './clock-api.js';

function appWith(clock: ControlledClock, fired: string[]) {
  const app = express();
  app.use(express.json());
  app.use(
    clockRouter(clock, () => {
      fired.push(new Date(clock.now()).toISOString());
      return Promise.resolve();
    }),
  );
  return app;
}

describe('engine - clock API', () => {
  it('should pin, move forward and reset the clock, firing due work after each change', async () => {
    // given
    const clock = new ControlledClock({ now: () => Date.parse('2026-11-29T08:00:00Z') });
    const fired: string[] = [];
    const app = appWith(clock, fired);

    // when
    const pinned = await request(app)
      .put('/v2/clock')
      .send({ timestamp: '2026-12-01T08:00:00+07:00' });
    const moved = await request(app).post('/v2/clock/add').send({ duration: 'PT72H' });
    const read = await request(app).get('/v2/clock');
    const reset = await request(app).post('/v2/clock/reset').send({});

    // then
    expect(pinned.body).toMatchObject({ timestamp: '2026-12-01T01:00:00.000Z', pinned: true });
    expect(moved.body).toMatchObject({ timestamp: '2026-12-04T01:00:00.000Z', pinned: true });
    expect(read.body).toEqual(moved.body);
    expect(reset.body).toMatchObject({ timestamp: '2026-11-29T08:00:00.000Z', pinned: false });
    expect(fired).toEqual([
      '2026-12-01T01:00:00.000Z',
      '2026-12-04T01:00:00.000Z',
      '2026-11-29T08:00:00.000Z',
    ]);
  });

  it('should refuse a bad request with the field and the reason, and leave the clock alone', async () => {
    // given
    const clock = new ControlledClock({ now: () => 0 });
    const app = appWith(clock, []);

    // when
    const badPin = await request(app).put('/v2/clock').send({ timestamp: 'besok pagi' });
    const backwards = await request(app).post('/v2/clock/add').send({ duration: '-PT1H' });

    // then
    expect(badPin.status).toBe(400);
    expect((badPin.body as { details: unknown }).details).toEqual([
      { field: 'timestamp', message: 'must be an ISO 8601 date-time' },
    ]);
    expect(backwards.status).toBe(400);
    expect(clock.isPinned()).toBe(false);
  });
});
