/**
 * NIK (16 digits) and KK numbers are personal data: logs may keep the region code and the last
 * four digits, which is enough to tell records apart when reading a log, and nothing more.
 */
const sixteenDigits = /(?<!\d)(\d{6})\d{6}(\d{4})(?!\d)/g;

/** Replaces every 16-digit number in `text` with `PPKKCC******SSSS`. */
export function maskNik(text: string): string {
  return text.replace(sixteenDigits, '$1******$2');
}
