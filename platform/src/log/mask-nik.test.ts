import { maskNik } from './mask-nik.js';

describe('log - maskNik', () => {
  it('should hide the birth date part of every NIK in a text', () => {
    expect(maskNik('nik=1571084506990001 kk 1571080101200003')).toBe(
      'nik=157108******0001 kk 157108******0003',
    );
  });

  it('should leave shorter and longer numbers alone', () => {
    expect(maskNik('port 26500, key 2251799813685249, big 12345678901234567')).toBe(
      'port 26500, key 225179******5249, big 12345678901234567',
    );
    expect(maskNik('ticket 000123')).toBe('ticket 000123');
  });
});
