import { mask, maskFor, maskNote } from './mask';

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

describe('maskFor — masking by purpose', () => {
  it('a roster (a sign-in sheet of the union’s own members) shows names in full and keeps phones and ID numbers masked', () => {
    expect(maskFor('roster', 'name', '毛建嘉')).toBe('毛建嘉');
    expect(maskFor('roster', 'mobile', '13812345678')).toBe('138****5678');
    expect(maskFor('roster', 'idNumber', '110101199003071234')).toBe('110***********1234');
    expect(maskNote('roster')).toContain('手机号');
  });
  it('by default everything is masked', () => {
    expect(maskFor('default', 'name', '毛建嘉')).toBe('毛*嘉');
    expect(maskFor('default', 'mobile', null)).toBe('');
  });
});

describe('maskFor — aid notices and payments', () => {
  it('a public notice (公示) masks every name and every number', () => {
    expect(maskFor('notice', 'name', '毛建嘉')).toBe('毛*嘉');
    expect(maskFor('notice', 'idNumber', '110101199003071234')).toBe('110***********1234');
    expect(maskFor('notice', 'mobile', '13812345678')).toBe('138****5678');
    expect(maskFor('notice', 'bankAccount', '6222021234567891234')).toBe('尾号1234');
    expect(maskNote('notice')).toContain('不含身份证号');
  });
  it('the payment roster shows names in full and accounts by their tail; only the export shows the account', () => {
    expect(maskFor('payment', 'name', '毛建嘉')).toBe('毛建嘉');
    expect(maskFor('payment', 'bankAccount', '6222021234567891234')).toBe('尾号1234');
    expect(maskFor('payment', 'bankAccount', '1234')).toBe('尾号1234');
    expect(maskFor('paymentExport', 'bankAccount', '6222021234567891234')).toBe('6222021234567891234');
    expect(maskFor('paymentExport', 'idNumber', '110101199003071234')).toBe('110***********1234');
    expect(maskNote('paymentExport')).toContain('完整银行卡号');
  });
  it('a bank account too short to have a tail is all stars', () => {
    expect(mask('bankAccount', '123')).toBe('***');
  });
});
