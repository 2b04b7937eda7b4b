/**
 * A first start on an empty database gets a small demo kecamatan — a few hundred residents, the
 * whole office and one login per role — so that every screen and process has someone to work
 * with. The passwords are random and returned once, for the start-up output; only their scrypt
 * hashes are stored.
 */
import { randomBytes } from 'node:crypto';

import type pg from 'pg';

import type { Clock } from '../../../platform/src/clock.js';
import type { Logger } from '../../../platform/src/log/logger.js';
import { jambiDate } from './dates.js';
import { type RoleName, roleNames } from './generate-office.js';
import {
  defaultScryptParameters,
  hashPassword,
  type ScryptParameters,
} from '../features/auth/password.js';
import { inTransaction } from '../../../platform/src/database/in-transaction.js';
import { lockSeeding, residentCount, seedWithin } from './seed-database.js';

export interface DemoLogin {
  login: string;
  role: RoleName;
  password: string;
}

export interface DemoOptions {
  residents?: number;
  /** Cheaper parameters make tests faster; the product keeps the default. */
  scrypt?: ScryptParameters;
}

/** A fixed seed, so that every demo shows the same kecamatan. */
export const demoSeed = 157_108;
const demoResidents = 300;
// Two hashes at a time: each holds 128 MiB while it runs.
const hashConcurrency = 2;

/** Seeds the demo when app.residents is empty; returns the logins made (none otherwise). */
export async function seedDemoIfEmpty(
  pool: pg.Pool,
  clock: Clock,
  log: Logger,
  options: DemoOptions = {},
): Promise<DemoLogin[]> {
  return inTransaction(pool, async (client) => {
    // Under the seed lock, so that two processes starting at once seed one demo between them.
    await lockSeeding(client);
    if ((await residentCount(client)) > 0) return [];
    const now = clock.now();
    const summary = await seedWithin(
      client,
      {
        residents: options.residents ?? demoResidents,
        seed: demoSeed,
        today: jambiDate(now),
        append: false,
        now,
      },
      log,
    );
    if (summary.residents === 0) return [];
    const logins = await createLogins(client, options.scrypt ?? defaultScryptParameters);
    log.info('seeded a demo kecamatan', { residents: summary.residents, logins: logins.length });
    return logins;
  });
}

/** One login per role, for its first active staff member who has none yet. */
async function createLogins(
  client: pg.ClientBase,
  parameters: ScryptParameters,
): Promise<DemoLogin[]> {
  const { rows } = await client.query<{ staff_id: string; role: RoleName }>(
    `select distinct on (r.role) r.staff_id, r.role
     from app.staff_roles r join app.staff s on s.id = r.staff_id
     where s.active and not exists (select 1 from app.users u where u.staff_id = r.staff_id)
     order by r.role, r.staff_id`,
  );
  const planned = rows
    .map((row) => ({
      login: row.staff_id,
      role: row.role,
      password: randomBytes(12).toString('base64url'),
    }))
    .sort((a, b) => roleNames.indexOf(a.role) - roleNames.indexOf(b.role));
  const hashes: string[] = [];
  for (let i = 0; i < planned.length; i += hashConcurrency) {
    const slice = planned.slice(i, i + hashConcurrency);
    hashes.push(...(await Promise.all(slice.map((l) => hashPassword(l.password, parameters)))));
  }
  await client.query(
    `insert into app.users (staff_id, password_hash) select * from unnest($1::text[], $2::text[])`,
    [planned.map((l) => l.login), hashes],
  );
  return planned;
}
