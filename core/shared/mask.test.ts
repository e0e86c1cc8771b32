import { mask } from './mask';

describe('mask — the one masking function for every screen, export and notice', () => {
  it('masks names keeping the first and last character', () => {
    expect(mask('name', '张三')).toBe('张*');
    expect(mask('name', '张小三')).toBe('张*三');
    expect(mask('name', '欧阳小明')).toBe('欧**明');
  });
  it('masks ID numbers and mobiles as in DESIGN.md', () => {
    expect(mask('idNumber', '110101199003071234')).toBe('110***********1234');
    expect(mask('mobile', '13812345678')).toBe('138****5678');
  });
  it('never returns the input for short or empty values', () => {
    expect(mask('mobile', '12345')).toBe('*****');
    expect(mask('name', '')).toBe('');
  });
});
