import { parseKk, parseNik } from '../../../workers/src/domain/nik.js';
import { addYears, ageOn, dayOf } from './dates.js';
import {
  generateNeighbourhoods,
  generatePopulation,
  type ResidentRecord,
} from './generate-population.js';

const today = '2026-06-15';
const todayDay = dayOf(today);
const ageOf = (r: ResidentRecord) => ageOn(dayOf(r.birthDate), todayDay);

describe('seed - population generator', () => {
  const { households, neighbourhoods } = generatePopulation({ residents: 20_000, seed: 7, today });
  const residents = households.flatMap((h) => h.members);
  const adults = residents.filter((r) => ageOf(r) >= 17);

  it('should make exactly the residents asked for', () => {
    expect(residents).toHaveLength(20_000);
    expect(generatePopulation({ residents: 1, seed: 7, today }).households).toHaveLength(1);
  });

  it('should give every resident a Jelutung NIK that matches the birth date and sex', () => {
    for (const resident of residents) {
      const parsed = parseNik(resident.nik);
      if (!parsed.ok) throw new Error(`${resident.nik}: ${parsed.reason}`);
      const [year, month, day] = resident.birthDate.split('-').map(Number) as [
        number,
        number,
        number,
      ];
      expect(parsed.value).toMatchObject({
        kecamatanCode: '15.71.08',
        sex: resident.sex,
        birthDay: day,
        birthMonth: month,
        birthYearDigits: String(year % 100).padStart(2, '0'),
      });
    }
  });

  it('should number NIKs and KKs uniquely, serials from 0001 per date', () => {
    const niks = residents.map((r) => r.nik);
    expect(new Set(niks).size).toBe(niks.length);
    const kks = households.map((h) => h.family.kkNo);
    expect(new Set(kks).size).toBe(kks.length);
    for (const kk of kks) expect(parseKk(kk)).toMatchObject({ ok: true });

    // Serials within one prefix run 0001, 0002, … without gaps.
    const byPrefix = new Map<string, number[]>();
    for (const nik of niks) {
      const list = byPrefix.get(nik.slice(0, 12)) ?? [];
      list.push(Number(nik.slice(12)));
      byPrefix.set(nik.slice(0, 12), list);
    }
    for (const serials of byPrefix.values()) {
      expect(serials.sort((a, b) => a - b)).toEqual(serials.map((_, i) => i + 1));
    }
  });

  it('should house a family at one address of a generated RT, with its members on its KK', () => {
    const known = new Set(neighbourhoods.map((n) => `${n.kelurahanCode}/${n.rw}/${n.rt}`));
    for (const { family, members } of households) {
      expect(known.has(`${family.kelurahanCode}/${family.rw}/${family.rt}`)).toBe(true);
      for (const member of members) {
        expect(member).toMatchObject({
          kkNo: family.kkNo,
          address: family.address,
          kelurahanCode: family.kelurahanCode,
          rw: family.rw,
          rt: family.rt,
        });
      }
    }
    expect(new Set(households.map((h) => h.family.kelurahanCode)).size).toBe(7);
  });

  it('should record most adults with an activated card and leave a share unregistered', () => {
    const recorded = adults.filter((r) => r.enrollmentStatus === 'PRINT_READY_RECORD');
    const share = recorded.length / adults.length;
    expect(share).toBeGreaterThan(0.85);
    expect(share).toBeLessThan(0.97);
    expect(recorded.every((r) => r.cardStatus === 'CARD_ACTIVATED')).toBe(true);
    const unregistered = residents.filter((r) => r.enrollmentStatus === 'UNREGISTERED');
    expect(unregistered.every((r) => r.cardStatus === null)).toBe(true);
  });

  it('should have unmarried, unregistered children making up about a third', () => {
    const children = residents.filter((r) => ageOf(r) < 17 && r.maritalStatus === 'BELUM_KAWIN');
    expect(children.length / residents.length).toBeGreaterThan(0.2);
    expect(children.length / residents.length).toBeLessThan(0.4);
    expect(children.every((r) => r.enrollmentStatus === 'UNREGISTERED')).toBe(true);
    expect(children.every((r) => r.phone === null)).toBe(true);
  });

  it('should have residents turning 17 within 60 days, and married 16-year-olds', () => {
    const turning = residents.filter((r) => {
      const seventeenth = addYears(dayOf(r.birthDate), 17);
      return seventeenth > todayDay && seventeenth <= todayDay + 60;
    });
    expect(turning.length / residents.length).toBeGreaterThan(0.005);

    const marriedMinors = residents.filter((r) => ageOf(r) === 16 && r.maritalStatus === 'KAWIN');
    expect(marriedMinors.length).toBeGreaterThan(10);
    expect(marriedMinors.every((r) => r.enrollmentStatus === 'UNREGISTERED')).toBe(true);
  });

  it('should give most adults a mobile number', () => {
    const withPhone = adults.filter((r) => r.phone !== null);
    expect(withPhone.length / adults.length).toBeGreaterThan(0.75);
    for (const r of withPhone) expect(r.phone).toMatch(/^08\d{9,10}$/);
  });

  it('should make the same people from the same seed, and others from another', () => {
    const again = generatePopulation({ residents: 500, seed: 7, today });
    expect(generatePopulation({ residents: 500, seed: 7, today })).toEqual(again);
    const other = generatePopulation({ residents: 500, seed: 8, today });
    expect(other.households.map((h) => h.family.kkNo)).not.toEqual(
      again.households.map((h) => h.family.kkNo),
    );
  });

  it('should continue after the serials already in use', () => {
    // given the NIK prefix and KK prefix a seed would use first, already taken up to 0041
    const first = generatePopulation({ residents: 1, seed: 3, today }).households[0];
    if (!first) throw new Error('no household');
    const nikPrefix = first.members[0]?.nik.slice(0, 12) ?? '';
    const kkPrefix = first.family.kkNo.slice(0, 12);

    // when the same seed runs with those serials taken
    const next = generatePopulation({
      residents: 1,
      seed: 3,
      today,
      lastSerials: { nik: new Map([[nikPrefix, 41]]), kk: new Map([[kkPrefix, 41]]) },
    }).households[0];

    // then its numbers come after them
    expect(next?.members[0]?.nik).toBe(`${nikPrefix}0042`);
    expect(next?.family.kkNo).toBe(`${kkPrefix}0042`);
  });

  it('should lay out 5 to 12 RW per kelurahan with 3 to 6 RT each', () => {
    const layout = generateNeighbourhoods(7);
    for (let k = 1001; k <= 1007; k += 1) {
      const own = layout.filter((n) => n.kelurahanCode === `15.71.08.${k}`);
      const rws = new Set(own.map((n) => n.rw));
      expect(rws.size).toBeGreaterThanOrEqual(5);
      expect(rws.size).toBeLessThanOrEqual(12);
      for (const rw of rws) {
        const rts = own.filter((n) => n.rw === rw).length;
        expect(rts).toBeGreaterThanOrEqual(3);
        expect(rts).toBeLessThanOrEqual(6);
      }
    }
  });
});
