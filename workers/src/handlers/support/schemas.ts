/** zod schemas shared by the handlers: the identifiers and variables many processes carry. */
import { z } from 'zod';

import { parseNik } from '../../domain/nik.js';

/** A NIK of valid shape and date (DOMAIN.md); the message says what is wrong, in Indonesian. */
export const nikSchema = z.string().superRefine((value, context) => {
  const parsed = parseNik(value);
  if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.reason });
});

export const kelurahanCodeSchema = z
  .string()
  .regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'must be a Kemendagri kelurahan code');

const isoInstant = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), 'must be an ISO 8601 date-time');

/** The variable `ektp.sla.deadline` writes and timers, due dates and breaches read. */
export const slaDeadlineSchema = z.object({
  policy: z.string(),
  stepName: z.string(),
  startedAt: isoInstant,
  dueAt: isoInstant,
  breachAt: isoInstant,
  levels: z.array(
    z.object({ level: z.number().int().min(1).max(4), at: isoInstant, group: z.string() }),
  ),
});

/** A database id carried as a process variable (a number; bigint ids stay below 2^53). */
export const idSchema = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+$/).transform(Number),
]);

/** Task headers are strings; a handler that reads none accepts any. */
export const noHeaders = z.looseObject({});

export const noOutput = z.object({});

/** The login of whoever completed the user task before this job (added by the tasklist). */
export const completedBySchema = z.string().min(1).optional();
