/**
 * The people and equipment that run the service, from a seed: every role of the product in every
 * unit that has it, each with its direct superior (the chain escalations and PP 94/2021 cases
 * follow), and the kecamatan's recording stations with the Dinas printer.
 *
 *   kelurahan:  ketua-rt, staf-kelurahan → lurah → camat
 *   kecamatan:  petugas-loket, operator-perekaman → kasi → sekcam → camat;
 *               perancang-proses, admin, auditor → sekcam
 *   Dinas:      dinas-siak, dinas-cetak, dinas-gudang → kadis
 */
import { addYears, ageOn, dayOf } from './dates.js';
import type { Neighbourhood } from './generate-population.js';
import { fullName, type Sex } from './names.js';
import { createRandom, type Random } from './random.js';
import { backgroundShares } from './reference-data.js';

export type RoleName =
  | 'ketua-rt'
  | 'staf-kelurahan'
  | 'lurah'
  | 'petugas-loket'
  | 'operator-perekaman'
  | 'kasi'
  | 'sekcam'
  | 'camat'
  | 'dinas-siak'
  | 'dinas-cetak'
  | 'dinas-gudang'
  | 'kadis'
  | 'perancang-proses'
  | 'admin'
  | 'auditor';

/** The roles in app.role_name, in the order a login list is shown. */
export const roleNames: readonly RoleName[] = [
  'camat',
  'sekcam',
  'kasi',
  'petugas-loket',
  'operator-perekaman',
  'lurah',
  'staf-kelurahan',
  'ketua-rt',
  'dinas-siak',
  'dinas-cetak',
  'dinas-gudang',
  'kadis',
  'perancang-proses',
  'admin',
  'auditor',
];

export type Employment = 'PNS' | 'PPPK' | 'NON_ASN';

export interface StaffRecord {
  id: string;
  name: string;
  nip: string | null;
  employment: Employment;
  unitCode: string;
  position: string;
  superiorId: string | null;
  role: RoleName;
}

export interface StationRecord {
  id: string;
  kind: 'RECORDING' | 'PRINTER' | 'CARD_READER';
  name: string;
  locationCode: string;
  dailyCapacity: number;
}

export interface Office {
  staff: StaffRecord[];
  stations: StationRecord[];
  /** The ketua RT of each neighbourhood, for app.neighbourhoods.ketua_rt_name. */
  ketuaRt: Array<Neighbourhood & { name: string }>;
}

const kecamatan = '15.71.08';
const dinas = '15.71';

export function generateOffice(options: {
  seed: number;
  today: string;
  neighbourhoods: readonly Neighbourhood[];
}): Office {
  const random = createRandom(options.seed ^ 0x5eed_0003);
  const people = new StaffFactory(random, dayOf(options.today));
  const staff: StaffRecord[] = [];
  const ketuaRt: Office['ketuaRt'] = [];
  const hire = (post: Post) => {
    const record = people.make(post);
    staff.push(record);
    return record;
  };
  const unit = kecamatan;

  const camat = hire({ id: 'camat', role: 'camat', unit, position: 'Camat Jelutung' }).id;
  const sekcam = hire({
    id: 'sekcam',
    role: 'sekcam',
    unit,
    superior: camat,
    position: 'Sekretaris Camat Jelutung',
  }).id;
  const kasi = hire({
    id: 'kasi',
    role: 'kasi',
    unit,
    superior: sekcam,
    position: 'Kepala Seksi Pelayanan',
  }).id;
  for (let i = 1; i <= 3; i += 1) {
    // Front-office and recording staff are mostly on contract: SP1–SP3 rather than PP 94/2021.
    const employment = i === 1 ? 'PPPK' : 'NON_ASN';
    hire({
      id: `loket-${i}`,
      role: 'petugas-loket',
      unit,
      superior: kasi,
      employment,
      position: 'Petugas Loket',
    });
    hire({
      id: `operator-${i}`,
      role: 'operator-perekaman',
      unit,
      superior: kasi,
      employment,
      position: 'Operator Perekaman KTP-el',
    });
  }
  hire({
    id: 'perancang',
    role: 'perancang-proses',
    unit,
    superior: sekcam,
    position: 'Perancang Proses Layanan',
  });
  hire({
    id: 'admin',
    role: 'admin',
    unit,
    superior: sekcam,
    employment: 'NON_ASN',
    position: 'Administrator Sistem',
  });
  hire({ id: 'auditor', role: 'auditor', unit, superior: sekcam, position: 'Auditor' });

  const kelurahanCodes = [...new Set(options.neighbourhoods.map((n) => n.kelurahanCode))].sort();
  for (const code of kelurahanCodes) {
    const suffix = code.slice(-4);
    const lurah = hire({
      id: `lurah-${suffix}`,
      role: 'lurah',
      unit: code,
      superior: camat,
      position: 'Lurah',
    }).id;
    for (let i = 1; i <= 2; i += 1) {
      hire({
        id: `staf-${suffix}-${i}`,
        role: 'staf-kelurahan',
        unit: code,
        superior: lurah,
        employment: i === 1 ? 'PNS' : 'PPPK',
        position: 'Staf Pelayanan Kelurahan',
      });
    }
    for (const n of options.neighbourhoods.filter((x) => x.kelurahanCode === code)) {
      const rw = String(n.rw).padStart(2, '0');
      const rt = String(n.rt).padStart(2, '0');
      const record = hire({
        id: `rt-${suffix}-${rw}-${rt}`,
        role: 'ketua-rt',
        unit: code,
        superior: lurah,
        employment: 'NON_ASN',
        position: `Ketua RT ${rt} RW ${rw}`,
      });
      ketuaRt.push({ ...n, name: record.name });
    }
  }

  const kadis = hire({
    id: 'kadis',
    role: 'kadis',
    unit: dinas,
    position: 'Kepala Dinas Kependudukan dan Pencatatan Sipil',
  }).id;
  const atDinas = { unit: dinas, superior: kadis };
  hire({ id: 'dinas-siak', role: 'dinas-siak', ...atDinas, position: 'Operator SIAK Dinas' });
  hire({
    id: 'dinas-cetak',
    role: 'dinas-cetak',
    ...atDinas,
    employment: 'PPPK',
    position: 'Petugas Cetak KTP-el',
  });
  hire({
    id: 'dinas-gudang',
    role: 'dinas-gudang',
    ...atDinas,
    position: 'Pengelola Gudang Blanko',
  });

  return { staff, stations: stations.map((station) => ({ ...station })), ketuaRt };
}

/** A post to fill: civil servant (PNS) and without a superior unless said otherwise. */
interface Post {
  id: string;
  role: RoleName;
  unit: string;
  position: string;
  superior?: string;
  employment?: Employment;
}

// Three recording desks of about 40 residents a day each; one Dinas printer for the city at about
// 3 minutes a card; one card reader at the activation counter.
const stations: StationRecord[] = [
  ...[1, 2, 3].map((i) => ({
    id: `rekam-${i}`,
    kind: 'RECORDING' as const,
    name: `Meja Perekaman ${i}`,
    locationCode: kecamatan,
    dailyCapacity: 40,
  })),
  {
    id: 'cetak-dinas-1',
    kind: 'PRINTER',
    name: 'Printer KTP-el Dinas 1',
    locationCode: dinas,
    dailyCapacity: 160,
  },
  {
    id: 'pembaca-kartu-1',
    kind: 'CARD_READER',
    name: 'Pembaca Kartu Loket Aktivasi',
    locationCode: kecamatan,
    dailyCapacity: 100,
  },
];

const academicTitles = [
  ', S.Sos',
  ', S.STP',
  ', S.E.',
  ', S.H.',
  ', S.Kom',
  ', S.STP, M.Si',
  ', S.IP',
];

class StaffFactory {
  private readonly nips = new Set<string>();

  constructor(
    private readonly random: Random,
    private readonly today: number,
  ) {}

  make(post: Post): StaffRecord {
    const employment = post.employment ?? 'PNS';
    const sex: Sex = this.random.chance(0.5) ? 'L' : 'P';
    const background = this.random.weighted(backgroundShares);
    const title =
      employment === 'PNS' && this.random.chance(0.7) ? this.random.pick(academicTitles) : '';
    return {
      id: post.id,
      name: fullName(this.random, background, sex, undefined) + title,
      nip: employment === 'NON_ASN' ? null : this.nip(sex),
      employment,
      unitCode: post.unit,
      position: post.position,
      superiorId: post.superior ?? null,
      role: post.role,
    };
  }

  /**
   * NIP: birth date YYYYMMDD, start of service YYYYMM, 1 for men or 2 for women, and a serial of
   * three digits (BKN's layout; the serial is made up here).
   */
  private nip(sex: Sex): string {
    for (;;) {
      const birth = this.today - this.random.int(26 * 365, 56 * 365);
      const age = ageOn(birth, this.today);
      const started = addYears(birth, this.random.int(21, Math.min(30, age - 1)));
      const b = new Date(birth * 86_400_000);
      const s = new Date(started * 86_400_000);
      const nip =
        String(b.getUTCFullYear()) +
        String(b.getUTCMonth() + 1).padStart(2, '0') +
        String(b.getUTCDate()).padStart(2, '0') +
        String(s.getUTCFullYear()) +
        String(s.getUTCMonth() + 1).padStart(2, '0') +
        (sex === 'L' ? '1' : '2') +
        String(this.random.int(1, 999)).padStart(3, '0');
      if (!this.nips.has(nip)) {
        this.nips.add(nip);
        return nip;
      }
    }
  }
}
