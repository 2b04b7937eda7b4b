/**
 * HTTP control of the engine's clock for tests and simulations, shaped like Camunda's clock API:
 *   GET  /v2/clock          → { timestamp, epochMilli, pinned }
 *   PUT  /v2/clock          { timestamp }  pins the clock (ISO 8601 or epoch milliseconds)
 *   POST /v2/clock/add      { duration: "PT72H" } or { milliseconds } moves it forward
 *   POST /v2/clock/reset    back to the system clock
 * Each change answers after the timers that became due have fired. Off unless
 * ENGINE_CLOCK_CONTROL=true: on a production system nobody should be able to move time.
 */
import express from 'express';
import { z } from 'zod';

import type { ControlledClock } from '../../platform/src/clock.js';
import { addDuration, parseDuration } from './timers/timer-expressions.js';

const pinBody = z.object({
  timestamp: z.union([
    z.number().int().nonnegative(),
    z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time'),
  ]),
});
const addBody = z.union([
  z.object({
    duration: z
      .string()
      .refine(
        (s) => parseDuration(s) !== undefined && !s.startsWith('-'),
        'must be a positive ISO 8601 duration such as PT72H',
      ),
  }),
  z.object({ milliseconds: z.number().int().positive() }),
]);

export function clockRouter(
  clock: ControlledClock,
  runDueWork: () => Promise<void>,
): express.Router {
  const router = express.Router();
  const state = () => ({
    timestamp: new Date(clock.now()).toISOString(),
    epochMilli: clock.now(),
    pinned: clock.isPinned(),
  });
  const invalid = (res: express.Response, error: z.ZodError) =>
    res.status(400).json({
      error: 'validation_failed',
      message: 'The clock request is invalid.',
      details: error.issues.map((issue) => ({
        field: issue.path.join('.') || undefined,
        message: issue.message,
      })),
      requestId: typeof res.locals.requestId === 'string' ? res.locals.requestId : '',
    });

  router.get('/v2/clock', (_req, res) => {
    res.json(state());
  });
  router.put('/v2/clock', async (req, res) => {
    const body = pinBody.safeParse(req.body);
    if (!body.success) return invalid(res, body.error);
    const at =
      typeof body.data.timestamp === 'number'
        ? body.data.timestamp
        : Date.parse(body.data.timestamp);
    clock.pin(at);
    await runDueWork();
    res.json(state());
  });
  router.post('/v2/clock/add', async (req, res) => {
    const body = addBody.safeParse(req.body);
    if (!body.success) return invalid(res, body.error);
    const now = clock.now();
    const milliseconds =
      'milliseconds' in body.data
        ? body.data.milliseconds
        : addDuration(
            now,
            parseDuration(body.data.duration) as NonNullable<ReturnType<typeof parseDuration>>,
          ) - now;
    clock.add(milliseconds);
    await runDueWork();
    res.json(state());
  });
  router.post('/v2/clock/reset', async (_req, res) => {
    clock.reset();
    await runDueWork();
    res.json(state());
  });
  return router;
}
