/** Schemas several endpoints share: codes, dates, ids and the page envelope of every list. */
import { z } from 'zod';

export const kelurahanCode = z
  .string()
  .regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'must be a kelurahan code')
  .meta({ example: '15.71.08.1002' });

/** A local (WIB) calendar day that exists (no 30 February). */
export const isoDate = z.iso.date({ error: 'must be a date YYYY-MM-DD' });

export const dateTime = z.iso.datetime({ offset: true });

/** A database id or a Zeebe key: int64 as a decimal string. */
export const numericId = (what: string) => z.string().regex(/^\d{1,19}$/, `must be a ${what}`);

export const booleanFlag = z.enum(['true', 'false']);

export const pageQuery = (maxPageSize: number, defaultPageSize: number) => ({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(maxPageSize).default(defaultPageSize),
});

/** `?format=csv` turns a list into a CSV download of all its rows. */
export const listFormat = z.enum(['json', 'csv']).default('json');

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  });
