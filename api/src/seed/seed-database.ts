/**
 * Writes a generated population (and, into an empty office, its staff, stations and first blanko
 * delivery) to the app schema in one transaction: a seed either lands whole or not at all.
 * Rows go in batches through unnest(), one statement per few thousand rows, because row-by-row
 * inserts of 100,000 residents would take minutes instead of seconds.
 */
import type pg from 'pg';

import { inTransaction } from '../../../platform/src/database/in-transaction.js';
import type { Logger } from '../../../platform/src/log/logger.js';
import { generateOffice, type Office } from './generate-office.js';
import {
  type FamilyRecord,
  generateHouseholds,
  generateNeighbourhoods,
  type Neighbourhood,
  type ResidentRecord,
} from './generate-population.js';

export interface SeedRequest {
  residents: number;
  seed: number;
  /** The day ages are counted on, YYYY-MM-DD (local date in Jambi). */
  today: string;
  /** Add to the residents already there instead of refusing. */
  append: boolean;
  /** Now, in ms since the epoch: when the first blanko delivery is recorded. */
  now: number;
  /** Aborting stops the seed between batches; the transaction then rolls back. */
  signal?: AbortSignal;
}

export interface SeedSummary {
  residents: number;
  families: number;
  neighbourhoods: number;
  staff: number;
  stations: number;
}

/** The database already holds residents and the request did not say to add to them. */
export class SeedRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedRefusedError';
  }
}

const batchSize = 5_000;
const progressEvery = 10_000;
// Two seeds at once (npm run seed while the product seeds its demo) would pick the same NIK serials.
const seedLockKey = 1_571_080_001;
/** The Dinas's first delivery, so that printing can start at once. */
const initialStock = [
  { item: 'BLANKO', quantity: 500 },
  { item: 'RIBBON', quantity: 5 },
] as const;

export async function seedDatabase(
  pool: pg.Pool,
  request: SeedRequest,
  log: Logger,
): Promise<SeedSummary> {
  return inTransaction(pool, (client) => seedWithin(client, request, log));
}

/** The seed inside the caller's transaction. */
export async function seedWithin(
  client: pg.PoolClient,
  request: SeedRequest,
  log: Logger,
): Promise<SeedSummary> {
  await lockSeeding(client);
  const existing = await residentCount(client);
  if (existing > 0 && !request.append) {
    throw new SeedRefusedError(
      `The database already holds ${existing} residents: add --append to add ${request.residents} more, or seed an empty database.`,
    );
  }

  let neighbourhoods = await loadNeighbourhoods(client);
  const newNeighbourhoods = neighbourhoods.length === 0 ? generateNeighbourhoods(request.seed) : [];
  if (newNeighbourhoods.length > 0) {
    await insertNeighbourhoods(client, newNeighbourhoods);
    neighbourhoods = newNeighbourhoods;
  }

  let office: Office | undefined;
  const { rows: staffRows } = await client.query<{ n: number }>(
    'select count(*)::int as n from app.staff',
  );
  if (staffRows[0]?.n === 0) {
    office = generateOffice({ seed: request.seed, today: request.today, neighbourhoods });
    await insertOffice(client, office, request.now);
  }

  // Adding to existing residents with the same seed would repeat their names and birth dates.
  const seed = existing > 0 ? (request.seed * 31 + existing) >>> 0 : request.seed;
  const households = generateHouseholds({
    residents: request.residents,
    seed,
    today: request.today,
    neighbourhoods,
    lastSerials: await loadLastSerials(client),
  });

  let families: FamilyRecord[] = [];
  let residents: ResidentRecord[] = [];
  let written = { families: 0, residents: 0 };
  const flush = async () => {
    request.signal?.throwIfAborted();
    await insertFamilies(client, families);
    await insertResidents(client, residents);
    const before = written.residents;
    written = {
      families: written.families + families.length,
      residents: written.residents + residents.length,
    };
    if (Math.floor(written.residents / progressEvery) > Math.floor(before / progressEvery)) {
      log.info('seeding residents', { written: written.residents, of: request.residents });
    }
    families = [];
    residents = [];
  };
  for (const household of households) {
    families.push(household.family);
    residents.push(...household.members);
    if (residents.length >= batchSize) await flush();
  }
  if (residents.length > 0) await flush();

  return {
    residents: written.residents,
    families: written.families,
    neighbourhoods: newNeighbourhoods.length,
    staff: office?.staff.length ?? 0,
    stations: office?.stations.length ?? 0,
  };
}

/** Held until the transaction ends; taking it again in the same transaction does not block. */
export async function lockSeeding(client: pg.ClientBase): Promise<void> {
  await client.query('select pg_advisory_xact_lock($1)', [seedLockKey]);
}

export async function residentCount(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    'select count(*)::int as n from app.residents',
  );
  return rows[0]?.n ?? 0;
}

async function loadNeighbourhoods(client: pg.ClientBase): Promise<Neighbourhood[]> {
  const { rows } = await client.query<Neighbourhood>(
    `select kelurahan_code as "kelurahanCode", rw, rt from app.neighbourhoods
     where kelurahan_code like '15.71.08.%' order by kelurahan_code, rw, rt`,
  );
  return rows;
}

/** The highest serial in use per 12-digit prefix, so that appended numbers continue after it. */
async function loadLastSerials(
  client: pg.ClientBase,
): Promise<{ nik: Map<string, number>; kk: Map<string, number> }> {
  const last = async (table: string, column: string) => {
    const { rows } = await client.query<{ prefix: string; serial: number }>(
      `select substr(${column}, 1, 12) as prefix, max(substr(${column}, 13, 4))::int as serial
       from ${table} group by 1`,
    );
    return new Map(rows.map((row) => [row.prefix, row.serial]));
  };
  return { nik: await last('app.residents', 'nik'), kk: await last('app.families', 'kk_no') };
}

async function insertNeighbourhoods(
  client: pg.ClientBase,
  neighbourhoods: readonly Neighbourhood[],
): Promise<void> {
  await client.query(
    `insert into app.neighbourhoods (kelurahan_code, rw, rt)
     select * from unnest($1::text[], $2::smallint[], $3::smallint[])
     on conflict do nothing`,
    [
      neighbourhoods.map((n) => n.kelurahanCode),
      neighbourhoods.map((n) => n.rw),
      neighbourhoods.map((n) => n.rt),
    ],
  );
}

async function insertOffice(client: pg.ClientBase, office: Office, now: number): Promise<void> {
  const { staff, stations, ketuaRt } = office;
  // One statement, so that superiors listed after their staff are still found.
  await client.query(
    `insert into app.staff (id, name, nip, employment, unit_code, position, superior_id)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
     on conflict do nothing`,
    [
      staff.map((s) => s.id),
      staff.map((s) => s.name),
      staff.map((s) => s.nip),
      staff.map((s) => s.employment),
      staff.map((s) => s.unitCode),
      staff.map((s) => s.position),
      staff.map((s) => s.superiorId),
    ],
  );
  await client.query(
    `insert into app.staff_roles (staff_id, role) select * from unnest($1::text[], $2::text[])
     on conflict do nothing`,
    [staff.map((s) => s.id), staff.map((s) => s.role)],
  );
  await client.query(
    `update app.neighbourhoods n set ketua_rt_name = k.name
     from unnest($1::text[], $2::smallint[], $3::smallint[], $4::text[]) as k(kelurahan_code, rw, rt, name)
     where n.kelurahan_code = k.kelurahan_code and n.rw = k.rw and n.rt = k.rt
       and n.ketua_rt_name is null`,
    [
      ketuaRt.map((k) => k.kelurahanCode),
      ketuaRt.map((k) => k.rw),
      ketuaRt.map((k) => k.rt),
      ketuaRt.map((k) => k.name),
    ],
  );
  await client.query(
    `insert into app.stations (id, kind, name, location_code, daily_capacity)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])
     on conflict do nothing`,
    [
      stations.map((s) => s.id),
      stations.map((s) => s.kind),
      stations.map((s) => s.name),
      stations.map((s) => s.locationCode),
      stations.map((s) => s.dailyCapacity),
    ],
  );
  const at = new Date(now);
  for (const { item, quantity } of initialStock) {
    await client.query(
      `update app.stock set on_hand = on_hand + $2, updated_at = $3
       where location_code = '15.71' and item = $1`,
      [item, quantity, at],
    );
    await client.query(
      `insert into app.stock_movements (location_code, item, quantity, kind, reference, at)
       values ('15.71', $1, $2, 'RECEIVE', 'seed: penerimaan awal', $3)`,
      [item, quantity, at],
    );
  }
}

async function insertFamilies(client: pg.ClientBase, families: readonly FamilyRecord[]) {
  await client.query(
    `insert into app.families (kk_no, kelurahan_code, rw, rt, address)
     select * from unnest($1::text[], $2::text[], $3::smallint[], $4::smallint[], $5::text[])`,
    [
      families.map((f) => f.kkNo),
      families.map((f) => f.kelurahanCode),
      families.map((f) => f.rw),
      families.map((f) => f.rt),
      families.map((f) => f.address),
    ],
  );
}

async function insertResidents(client: pg.ClientBase, residents: readonly ResidentRecord[]) {
  const column = <K extends keyof ResidentRecord>(key: K) => residents.map((r) => r[key]);
  await client.query(
    `insert into app.residents (nik, kk_no, full_name, birth_place, birth_date, sex, religion,
       marital_status, occupation, address, kelurahan_code, rw, rt, phone, enrollment_status,
       card_status)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[],
       $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::smallint[],
       $13::smallint[], $14::text[], $15::text[], $16::text[])`,
    [
      column('nik'),
      column('kkNo'),
      column('fullName'),
      column('birthPlace'),
      column('birthDate'),
      column('sex'),
      column('religion'),
      column('maritalStatus'),
      column('occupation'),
      column('address'),
      column('kelurahanCode'),
      column('rw'),
      column('rt'),
      column('phone'),
      column('enrollmentStatus'),
      column('cardStatus'),
    ],
  );
}
