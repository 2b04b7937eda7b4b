/**
 * NIK (Nomor Induk Kependudukan) and KK (family card) numbers, checked as DOMAIN.md describes:
 * NIK = PP KK CC DDMMYY SSSS — province, regency/city, kecamatan of first registration, birth date
 * with day + 40 for women, serial from 0001. There is no checksum, and the two-digit year does not
 * tell the century, so the birth year is never derived from a NIK.
 */
export interface NikParts {
  /** Kemendagri code of the kecamatan of first registration, dotted: `15.71.08`. */
  kecamatanCode: string;
  sex: 'L' | 'P';
  birthDay: number;
  birthMonth: number;
  /** The two digits only. */
  birthYearDigits: string;
  serial: string;
}

export type CheckResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function parseNik(input: string): CheckResult<NikParts> {
  const nik = input.trim();
  if (!/^\d{16}$/.test(nik)) return { ok: false, reason: 'NIK harus 16 digit angka' };
  const region = regionOf(nik);
  if (!region.ok) return region;
  const rawDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const sex = rawDay > 40 ? 'P' : 'L';
  const day = sex === 'P' ? rawDay - 40 : rawDay;
  if (month < 1 || month > 12)
    return { ok: false, reason: `bulan lahir ${nik.slice(8, 10)} pada NIK tidak valid` };
  // 29 February is allowed: a two-digit year cannot say whether the year was a leap year.
  if (day < 1 || day > (daysInMonth[month - 1] ?? 0)) {
    return {
      ok: false,
      reason: `tanggal lahir ${nik.slice(6, 8)} pada NIK tidak valid (perempuan: tanggal + 40)`,
    };
  }
  const serial = nik.slice(12, 16);
  if (serial === '0000') return { ok: false, reason: 'nomor urut NIK harus mulai dari 0001' };
  return {
    ok: true,
    value: {
      kecamatanCode: region.value,
      sex,
      birthDay: day,
      birthMonth: month,
      birthYearDigits: nik.slice(10, 12),
      serial,
    },
  };
}

/** KK = region (6 digits) + issue date DDMMYY + serial from 0001. */
export function parseKk(input: string): CheckResult<{ kecamatanCode: string; serial: string }> {
  const kk = input.trim();
  if (!/^\d{16}$/.test(kk)) return { ok: false, reason: 'Nomor KK harus 16 digit angka' };
  const region = regionOf(kk);
  if (!region.ok) return region;
  const day = Number(kk.slice(6, 8));
  const month = Number(kk.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > (daysInMonth[month - 1] ?? 0)) {
    return { ok: false, reason: 'tanggal pada nomor KK tidak valid' };
  }
  if (kk.slice(12) === '0000') return { ok: false, reason: 'nomor urut KK harus mulai dari 0001' };
  return { ok: true, value: { kecamatanCode: region.value, serial: kk.slice(12) } };
}

/**
 * Province codes are 11–94 (Aceh to the Papua provinces); regency and kecamatan codes start at
 * 01. Whether the kecamatan exists is a question for the region reference data, not for the shape.
 */
function regionOf(number: string): CheckResult<string> {
  const province = Number(number.slice(0, 2));
  const regency = number.slice(2, 4);
  const kecamatan = number.slice(4, 6);
  if (province < 11 || province > 94)
    return { ok: false, reason: `kode provinsi ${number.slice(0, 2)} tidak valid` };
  if (regency === '00' || kecamatan === '00')
    return { ok: false, reason: 'kode kabupaten/kota dan kecamatan tidak boleh 00' };
  return { ok: true, value: `${number.slice(0, 2)}.${regency}.${kecamatan}` };
}
