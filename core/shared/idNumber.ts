/**
 * Resident identity card number (居民身份证号码), GB 11643-1999: 17 digits + check character,
 * ISO 7064 MOD 11-2. Birth date must be a real date.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Upper-cases a trailing x and strips spaces. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export type IdNumberProblem = 'format' | 'birthdate' | 'checksum';

export function checkIdNumber(raw: string): IdNumberProblem | null {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return 'birthdate';
  }
  if (idCheckChar(id) !== id[17]) return 'checksum';
  return null;
}

export const ID_NUMBER_MESSAGES: Record<IdNumberProblem, string> = {
  format: '身份证号应为18位，最后一位可以是数字或X',
  birthdate: '身份证号中的出生日期不正确',
  checksum: '身份证号校验位不正确，请核对后重新输入',
};

/** Builds a valid ID number from region code (6), birth date (YYYYMMDD) and sequence (3 digits). */
export function makeIdNumber(region: string, birth: string, seq: string): string {
  const first17 = `${region}${birth}${seq}`;
  return first17 + idCheckChar(first17);
}
