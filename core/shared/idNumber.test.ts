import { checkIdNumber, idCheckChar, makeIdNumber, normalizeIdNumber } from './idNumber';

describe('ID number (GB 11643)', () => {
  it('accepts real-format numbers with digit and X check characters', () => {
    expect(checkIdNumber('11010519491231002X')).toBeNull();
    expect(checkIdNumber('11010519491231002x')).toBeNull(); // lower-case x is normalized
    expect(checkIdNumber('440524188001010014')).toBe('birthdate'); // born before 1900: not a worker's card
  });
  it('refuses a wrong check digit, a bad birth date and a bad format', () => {
    expect(checkIdNumber('110105194912310021')).toBe('checksum');
    expect(checkIdNumber('110105194902300028')).toBe('birthdate'); // 30 February
    expect(checkIdNumber('1101051949123100')).toBe('format');
    expect(checkIdNumber('11010519491231002Y')).toBe('format');
  });
  it('builds valid numbers for the demo data', () => {
    const id = makeIdNumber('320506', '19900307', '123');
    expect(id).toHaveLength(18);
    expect(checkIdNumber(id)).toBeNull();
    expect(idCheckChar(id.slice(0, 17))).toBe(id[17]);
  });
  it('normalizes spaces and case', () => {
    expect(normalizeIdNumber(' 110105 19491231002x ')).toBe('11010519491231002X');
  });
});
