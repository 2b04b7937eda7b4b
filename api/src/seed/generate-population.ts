/**
 * Synthetic residents of Kecamatan Jelutung, household by household, from a seed: the same seed,
 * size and `today` give the same people. Pure: no database, no clock, no Math.random.
 *
 * The mix is chosen for the processes to have work: most adults are recorded and hold an
 * activated card, some are still unregistered (more among the young), some teenagers turn 17
 * within the next 60 days, and a few 16-year-olds are married — who are wajib KTP by marriage
 * (UU 24/2013 Pasal 63) although under 17.
 */
import { addYears, ageOn, dateOf, dayOf, ddmmyy } from './dates.js';
import { fullName, type Sex } from './names.js';
import { createRandom, type Random } from './random.js';
import {
  type Background,
  backgroundShares,
  birthPlacesElsewhere,
  birthPlacesInJambi,
  kelurahanShares,
  lanes,
  mobilePrefixes,
  namesByBackground,
  occupations,
  type Religion,
  religionByBackground,
  streets,
} from './reference-data.js';

export interface Neighbourhood {
  kelurahanCode: string;
  rw: number;
  rt: number;
}

export type { Sex };
export type MaritalStatus = 'BELUM_KAWIN' | 'KAWIN' | 'CERAI_HIDUP' | 'CERAI_MATI';

export interface FamilyRecord {
  kkNo: string;
  kelurahanCode: string;
  rw: number;
  rt: number;
  address: string;
}

export interface ResidentRecord {
  nik: string;
  kkNo: string;
  fullName: string;
  birthPlace: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex;
  religion: Religion;
  maritalStatus: MaritalStatus;
  occupation: string;
  address: string;
  kelurahanCode: string;
  rw: number;
  rt: number;
  phone: string | null;
  enrollmentStatus: 'UNREGISTERED' | 'PRINT_READY_RECORD';
  cardStatus: 'CARD_ACTIVATED' | null;
}

export interface Household {
  family: FamilyRecord;
  members: ResidentRecord[];
}

export interface PopulationOptions {
  residents: number;
  seed: number;
  /** The day ages are counted on, YYYY-MM-DD. */
  today: string;
  /** Where the households live; generateNeighbourhoods(seed) when not given. */
  neighbourhoods?: readonly Neighbourhood[];
  /**
   * The highest serial already used per 12-digit NIK and KK prefix, when adding to residents
   * already in the database, so that new numbers continue after them.
   */
  lastSerials?: { nik: ReadonlyMap<string, number>; kk: ReadonlyMap<string, number> };
}

/** Jelutung's own prefix (15.71.08) for the NIK and KK numbers issued here. */
export const jelutungPrefix = '157108';

/** Every hundredth household is a couple with a wife of 16, so a small seed still has one. */
const marriedMinorEvery = 100;
const marriedMinorAt = 20;
/** KK numbers in this form have been issued since SIAK went online; none is older. */
const firstKkDay = dayOf('2008-01-01');

/** 5–12 RW per kelurahan and 3–6 RT per RW, drawn from the seed. */
export function generateNeighbourhoods(seed: number): Neighbourhood[] {
  const random = createRandom(seed ^ 0x5eed_0001);
  const neighbourhoods: Neighbourhood[] = [];
  for (const [kelurahanCode] of kelurahanShares) {
    const rwCount = random.int(5, 12);
    for (let rw = 1; rw <= rwCount; rw += 1) {
      const rtCount = random.int(3, 6);
      for (let rt = 1; rt <= rtCount; rt += 1) neighbourhoods.push({ kelurahanCode, rw, rt });
    }
  }
  return neighbourhoods;
}

/** All households at once: for tests and small seeds. */
export function generatePopulation(options: PopulationOptions): {
  neighbourhoods: Neighbourhood[];
  households: Household[];
} {
  const neighbourhoods = [...(options.neighbourhoods ?? generateNeighbourhoods(options.seed))];
  return {
    neighbourhoods,
    households: [...generateHouseholds({ ...options, neighbourhoods })],
  };
}

/**
 * Households until exactly `residents` people exist (the last one may be cut short). A generator,
 * so that a seed of a million residents is written in batches without holding them all.
 */
export function* generateHouseholds(options: PopulationOptions): Generator<Household> {
  if (!Number.isInteger(options.residents) || options.residents < 0) {
    throw new RangeError(`residents must be a whole number ≥ 0, got ${options.residents}`);
  }
  const neighbourhoods = options.neighbourhoods ?? generateNeighbourhoods(options.seed);
  const random = createRandom(options.seed);
  const places = placesByKelurahan(neighbourhoods, options.seed);
  const nikSerials = new SerialCounter(options.lastSerials?.nik, 'NIK');
  const kkSerials = new SerialCounter(options.lastSerials?.kk, 'KK');
  const today = dayOf(options.today);
  const shares = kelurahanShares.filter(([code]) => places.has(code));

  let remaining = options.residents;
  for (let index = 0; remaining > 0; index += 1) {
    const kelurahanCode = random.weighted(shares);
    const place = places.get(kelurahanCode) as KelurahanPlaces;
    const home = random.pick(place.neighbourhoods);
    const background = random.weighted(backgroundShares);
    const religion = random.weighted(religionByBackground[background]);
    const kind =
      index % marriedMinorEvery === marriedMinorAt ? 'MARRIED_MINOR' : pickHouseholdKind(random);
    const people = planHousehold(random, kind, today).slice(0, remaining);
    remaining -= people.length;

    const head = people[0] as PlannedPerson;
    const lane = random.chance(0.6) ? ` ${random.pick(lanes)}` : '';
    const address = `${random.pick(place.streets)}${lane} NO. ${random.int(1, 160)}`;
    // A KK is reissued whenever someone joins it, so it is no older than its youngest member.
    const youngest = Math.max(...people.map((p) => p.birth));
    const kkDay = random.int(
      Math.min(Math.max(firstKkDay, addYears(head.birth, 17), youngest), today - 1),
      today - 1,
    );
    const kkNo = kkSerials.next(jelutungPrefix + ddmmyy(kkDay));
    const family: FamilyRecord = { kkNo, kelurahanCode, rw: home.rw, rt: home.rt, address };

    // Batak marga and Chinese-Indonesian surnames pass from the father to the children.
    const familyName = namesByBackground[background].family
      ? random.pick(namesByBackground[background].family ?? [])
      : undefined;
    const members = people.map((person) => {
      const nameOfFamily =
        person.role === 'SPOUSE' || person.role === 'ELDER' ? undefined : familyName;
      return resident(random, person, today, {
        background,
        religion,
        family,
        nik: nikSerials.next(jelutungPrefix + ddmmyy(person.birth, person.sex === 'P' ? 40 : 0)),
        familyName: nameOfFamily,
      });
    });
    yield { family, members };
  }
}

type HouseholdKind =
  | 'PARENTS_AND_CHILDREN'
  | 'COUPLE'
  | 'SINGLE_PARENT'
  | 'SINGLE'
  | 'THREE_GENERATIONS'
  | 'MARRIED_MINOR';

function pickHouseholdKind(random: Random): HouseholdKind {
  return random.weighted<HouseholdKind>([
    ['PARENTS_AND_CHILDREN', 55],
    ['COUPLE', 12],
    ['SINGLE_PARENT', 9],
    ['SINGLE', 12],
    ['THREE_GENERATIONS', 10],
  ]);
}

interface PlannedPerson {
  role: 'HEAD' | 'SPOUSE' | 'CHILD' | 'ELDER';
  sex: Sex;
  /** Day number of the birth date. */
  birth: number;
  maritalStatus: MaritalStatus;
}

/** Who lives in the household: sexes, birth dates and marital status, head first. */
function planHousehold(random: Random, kind: HouseholdKind, today: number): PlannedPerson[] {
  const born = (age: number) => birthForAge(random, age, today);
  const person = (
    role: PlannedPerson['role'],
    sex: Sex,
    birth: number,
    maritalStatus: MaritalStatus,
  ): PlannedPerson => ({ role, sex, birth, maritalStatus });

  switch (kind) {
    case 'PARENTS_AND_CHILDREN':
    case 'THREE_GENERATIONS': {
      const husbandAge = random.int(25, 65);
      const wifeAge = Math.max(20, husbandAge - random.int(0, 7));
      const people = [
        person('HEAD', 'L', born(husbandAge), 'KAWIN'),
        person('SPOUSE', 'P', born(wifeAge), 'KAWIN'),
        ...children(
          random,
          wifeAge,
          random.weighted([
            [1, 30],
            [2, 38],
            [3, 22],
            [4, 8],
            [5, 2],
          ]),
          today,
        ),
      ];
      if (kind === 'THREE_GENERATIONS') {
        const elderSex: Sex = random.chance(0.7) ? 'P' : 'L';
        people.push(
          person('ELDER', elderSex, born(random.int(Math.max(62, wifeAge + 20), 90)), 'CERAI_MATI'),
        );
      }
      return people;
    }
    case 'COUPLE': {
      const young = random.chance(0.5);
      const husbandAge = young ? random.int(22, 32) : random.int(58, 82);
      const wifeAge = Math.max(19, husbandAge - random.int(0, 6));
      return [
        person('HEAD', 'L', born(husbandAge), 'KAWIN'),
        person('SPOUSE', 'P', born(wifeAge), 'KAWIN'),
      ];
    }
    case 'SINGLE_PARENT': {
      const sex: Sex = random.chance(0.75) ? 'P' : 'L';
      const age = random.int(30, 60);
      const status = random.chance(0.5) ? 'CERAI_HIDUP' : 'CERAI_MATI';
      return [
        person('HEAD', sex, born(age), status),
        ...children(random, sex === 'P' ? age : age - 3, random.int(1, 3), today),
      ];
    }
    case 'SINGLE': {
      if (random.chance(0.6)) {
        return [
          person('HEAD', random.chance(0.55) ? 'L' : 'P', born(random.int(19, 34)), 'BELUM_KAWIN'),
        ];
      }
      return [
        person('HEAD', random.chance(0.7) ? 'P' : 'L', born(random.int(62, 88)), 'CERAI_MATI'),
      ];
    }
    case 'MARRIED_MINOR': {
      // 16 today and not 17 within the next 60 days, so she is wajib KTP by marriage alone.
      const wifeBirth = random.int(addYears(today, -17) + 61, addYears(today, -16));
      const people = [
        person('HEAD', 'L', born(random.int(19, 25)), 'KAWIN'),
        person('SPOUSE', 'P', wifeBirth, 'KAWIN'),
      ];
      if (random.chance(0.4))
        people.push(person('CHILD', random.chance(0.5) ? 'L' : 'P', born(0), 'BELUM_KAWIN'));
      return people;
    }
  }
}

/**
 * Children of a mother of `motherAge`, born when she was 19 or older and at least 15 months
 * apart. Now and then the eldest is placed so that they turn 17 within the next 60 days: the
 * eligibility scan's monthly work.
 */
function children(
  random: Random,
  motherAge: number,
  count: number,
  today: number,
): PlannedPerson[] {
  const oldest = Math.min(motherAge - 19, 28);
  if (oldest < 0) return [];
  let birth =
    oldest >= 17 && random.chance(0.1)
      ? addYears(today, -17) + random.int(1, 60)
      : birthForAge(random, random.int(Math.min(oldest, 2 * (count - 1)), oldest), today);
  const kids: PlannedPerson[] = [];
  while (kids.length < count && birth <= today) {
    const sex: Sex = random.chance(0.51) ? 'L' : 'P';
    kids.push({ role: 'CHILD', sex, birth, maritalStatus: 'BELUM_KAWIN' });
    birth += random.int(450, 1600);
  }
  return kids;
}

/** A birth date on which someone is exactly `age` years old on `today`. */
function birthForAge(random: Random, age: number, today: number): number {
  const earliest = addYears(today, -(age + 1)) + 1;
  const latest = addYears(today, -age);
  return random.int(earliest, latest);
}

interface HouseholdContext {
  background: Background;
  religion: Religion;
  family: FamilyRecord;
  nik: string;
  familyName: string | undefined;
}

function resident(
  random: Random,
  person: PlannedPerson,
  today: number,
  context: HouseholdContext,
): ResidentRecord {
  const age = ageOn(person.birth, today);
  // Wajib KTP: 17 or older, or married or ever married (UU 24/2013 Pasal 63).
  const wajibKtp = age >= 17 || person.maritalStatus !== 'BELUM_KAWIN';
  const recorded = wajibKtp && age >= 17 && !random.chance(unregisteredShare(age));
  return {
    nik: context.nik,
    kkNo: context.family.kkNo,
    fullName: fullName(random, context.background, person.sex, context.familyName),
    birthPlace: birthPlace(random, context.background, person.role === 'CHILD' ? 0.95 : 0.65),
    birthDate: dateOf(person.birth),
    sex: person.sex,
    religion: context.religion,
    maritalStatus: person.maritalStatus,
    occupation: occupation(random, person, age),
    address: context.family.address,
    kelurahanCode: context.family.kelurahanCode,
    rw: context.family.rw,
    rt: context.family.rt,
    phone: wajibKtp && random.chance(age >= 17 ? 0.85 : 0.6) ? phone(random) : null,
    enrollmentStatus: recorded ? 'PRINT_READY_RECORD' : 'UNREGISTERED',
    cardStatus: recorded ? 'CARD_ACTIVATED' : null,
  };
}

/** Share of the wajib KTP still unrecorded by age ([I]): the newly eligible lag behind. */
function unregisteredShare(age: number): number {
  if (age < 18) return 0.5;
  if (age < 21) return 0.15;
  if (age < 65) return 0.05;
  return 0.12;
}

function birthPlace(random: Random, background: Background, inJambi: number): string {
  const share = background === 'MELAYU' ? Math.max(inJambi, 0.9) : inJambi;
  return random.chance(share)
    ? random.weighted(birthPlacesInJambi)
    : random.pick(birthPlacesElsewhere[background]);
}

function occupation(random: Random, person: PlannedPerson, age: number): string {
  if (age < 6) return 'BELUM/TIDAK BEKERJA';
  if (person.maritalStatus === 'KAWIN' && age < 17) {
    return person.sex === 'P' ? 'MENGURUS RUMAH TANGGA' : 'BURUH HARIAN LEPAS';
  }
  if (age < 17 || (age < 23 && person.maritalStatus === 'BELUM_KAWIN' && random.chance(0.65))) {
    return 'PELAJAR/MAHASISWA';
  }
  if (age >= 58 && random.chance(0.4)) {
    return person.sex === 'L' ? 'PENSIUNAN' : 'MENGURUS RUMAH TANGGA';
  }
  return random.weighted(person.sex === 'L' ? occupations.male : occupations.female);
}

function phone(random: Random): string {
  const digits = random.int(7, 8);
  let rest = '';
  for (let i = 0; i < digits; i += 1) rest += String(random.int(0, 9));
  return random.pick(mobilePrefixes) + rest;
}

interface KelurahanPlaces {
  neighbourhoods: Neighbourhood[];
  streets: string[];
}

/** The RT of each kelurahan and the few streets its houses are on (five, drawn from the seed). */
function placesByKelurahan(
  neighbourhoods: readonly Neighbourhood[],
  seed: number,
): Map<string, KelurahanPlaces> {
  const random = createRandom(seed ^ 0x5eed_0002);
  const places = new Map<string, KelurahanPlaces>();
  for (const [code] of kelurahanShares) {
    const own = neighbourhoods.filter((n) => n.kelurahanCode === code);
    if (own.length === 0) continue;
    const chosen = new Set<string>();
    while (chosen.size < 5) chosen.add(random.pick(streets));
    places.set(code, { neighbourhoods: own, streets: [...chosen] });
  }
  if (places.size === 0) throw new RangeError('no neighbourhood in any kelurahan of Jelutung');
  return places;
}

/** Serials from 0001 per 12-digit prefix (region + date), continuing after those in use. */
class SerialCounter {
  private readonly last = new Map<string, number>();

  constructor(
    taken: ReadonlyMap<string, number> | undefined,
    private readonly what: string,
  ) {
    for (const [prefix, serial] of taken ?? []) this.last.set(prefix, serial);
  }

  next(prefix: string): string {
    const serial = (this.last.get(prefix) ?? 0) + 1;
    if (serial > 9999) {
      throw new RangeError(`no ${this.what} serial left for prefix ${prefix}: 9999 are in use`);
    }
    this.last.set(prefix, serial);
    return prefix + String(serial).padStart(4, '0');
  }
}
