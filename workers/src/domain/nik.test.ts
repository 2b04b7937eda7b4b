import { parseKk, parseNik } from './nik.js';

describe('domain - NIK', () => {
  it('should read region, sex and birth date, with day + 40 for women', () => {
    expect(parseNik('1571084506990001')).toEqual({
      ok: true,
      value: {
        kecamatanCode: '15.71.08',
        sex: 'P',
        birthDay: 5,
        birthMonth: 6,
        birthYearDigits: '99',
        serial: '0001',
      },
    });
    expect(parseNik('1571081708050123')).toMatchObject({
      ok: true,
      value: { sex: 'L', birthDay: 17, birthMonth: 8 },
    });
  });

  it.each([
    ['157108450699000', 'NIK harus 16 digit angka'],
    ['15710845069900A1', 'NIK harus 16 digit angka'],
    ['0971084506990001', 'kode provinsi 09 tidak valid'],
    ['1500084506990001', 'kode kabupaten/kota dan kecamatan tidak boleh 00'],
    ['1571083206990001', 'tanggal lahir 32 pada NIK tidak valid (perempuan: tanggal + 40)'],
    ['1571087202990001', 'tanggal lahir 72 pada NIK tidak valid (perempuan: tanggal + 40)'],
    ['1571081513990001', 'bulan lahir 13 pada NIK tidak valid'],
    ['1571081506990000', 'nomor urut NIK harus mulai dari 0001'],
  ])('should refuse %s: %s', (nik, reason) => {
    expect(parseNik(nik)).toEqual({ ok: false, reason });
  });

  it('should accept 29 February whatever the year, and refuse 30 February', () => {
    expect(parseNik('1571082902010001').ok).toBe(true);
    expect(parseNik('1571086902010001').ok).toBe(true);
    expect(parseNik('1571083002010001').ok).toBe(false);
  });
});

describe('domain - KK', () => {
  it('should check region, date and serial', () => {
    expect(parseKk('1571080101200003')).toEqual({
      ok: true,
      value: { kecamatanCode: '15.71.08', serial: '0003' },
    });
    expect(parseKk('1571083201200003')).toEqual({
      ok: false,
      reason: 'tanggal pada nomor KK tidak valid',
    });
    expect(parseKk('1571080101200000')).toEqual({
      ok: false,
      reason: 'nomor urut KK harus mulai dari 0001',
    });
  });
});
