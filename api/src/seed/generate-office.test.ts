import { generateOffice, roleNames, type StaffRecord } from './generate-office.js';
import { generateNeighbourhoods } from './generate-population.js';

describe('seed - office generator', () => {
  const neighbourhoods = generateNeighbourhoods(7);
  const office = generateOffice({ seed: 7, today: '2026-06-15', neighbourhoods });
  const byId = new Map(office.staff.map((s) => [s.id, s]));

  it('should staff every role, in the unit that role belongs to', () => {
    const unitsOf = (role: string) =>
      new Set(office.staff.filter((s) => s.role === role).map((s) => s.unitCode));
    for (const role of roleNames) expect(unitsOf(role).size).toBeGreaterThan(0);
    const kelurahan = [1001, 1002, 1003, 1004, 1005, 1006, 1007].map((k) => `15.71.08.${k}`);
    expect([...unitsOf('lurah')].sort()).toEqual(kelurahan);
    expect([...unitsOf('staf-kelurahan')].sort()).toEqual(kelurahan);
    expect(unitsOf('camat')).toEqual(new Set(['15.71.08']));
    expect(unitsOf('operator-perekaman')).toEqual(new Set(['15.71.08']));
    expect(unitsOf('kadis')).toEqual(new Set(['15.71']));
    expect(office.staff.filter((s) => s.role === 'ketua-rt')).toHaveLength(neighbourhoods.length);
    expect(office.ketuaRt).toHaveLength(neighbourhoods.length);
  });

  it('should chain every staff member up to the Camat or the Kadis', () => {
    const top = (staff: StaffRecord): string => {
      const seen = new Set<string>();
      let at = staff;
      while (at.superiorId) {
        if (seen.has(at.id)) throw new Error(`cycle at ${at.id}`);
        seen.add(at.id);
        const superior = byId.get(at.superiorId);
        if (!superior) throw new Error(`${at.id} has an unknown superior ${at.superiorId}`);
        at = superior;
      }
      return at.id;
    };
    for (const staff of office.staff) {
      expect(top(staff)).toBe(staff.unitCode === '15.71' ? 'kadis' : 'camat');
    }
    expect(byId.get('operator-1')?.superiorId).toBe('kasi');
    expect(byId.get('kasi')?.superiorId).toBe('sekcam');
    expect(byId.get('rt-1001-01-01')?.superiorId).toBe('lurah-1001');
  });

  it('should give logins the database accepts and NIPs only to civil servants', () => {
    for (const staff of office.staff) expect(staff.id).toMatch(/^[a-z0-9.-]+$/);
    expect(byId.size).toBe(office.staff.length);
    const nips = office.staff.flatMap((s) => (s.nip ? [s.nip] : []));
    expect(new Set(nips).size).toBe(nips.length);
    for (const staff of office.staff) {
      if (staff.employment === 'NON_ASN') expect(staff.nip).toBeNull();
      else expect(staff.nip).toMatch(/^(19|20)\d{6}(19|20)\d{4}[12]\d{3}$/);
    }
  });

  it('should put three recording stations at the kecamatan and the printer at the Dinas', () => {
    expect(office.stations.filter((s) => s.kind === 'RECORDING')).toEqual([
      expect.objectContaining({ locationCode: '15.71.08', dailyCapacity: 40 }),
      expect.objectContaining({ locationCode: '15.71.08', dailyCapacity: 40 }),
      expect.objectContaining({ locationCode: '15.71.08', dailyCapacity: 40 }),
    ]);
    expect(office.stations.find((s) => s.kind === 'PRINTER')?.locationCode).toBe('15.71');
    expect(office.stations.some((s) => s.kind === 'CARD_READER')).toBe(true);
  });
});
