/**
 * The one masking function (DESIGN.md §5): every screen, export and public notice masks personal
 * data through `mask`, so no view can show more than another by accident.
 *   name     张三 → 张*   张小三 → 张*三   欧阳小明 → 欧**明
 *   idNumber 110101199003071234 → 110***********1234
 *   mobile   13812345678 → 138****5678
 *   bankAccount 6222021234567891234 → 尾号1234 (the last four digits alone say the same)
 *
 * What is masked depends on the use, and that rule lives here too, as a named purpose (`maskFor`):
 * by default everything is masked; a purpose lists what it shows in full and says why, in words an
 * export can print (`maskNote`).
 */
export type MaskKind = 'name' | 'idNumber' | 'mobile' | 'bankAccount';

export function mask(kind: MaskKind, value: string | null | undefined): string {
  if (!value) return '';
  const chars = Array.from(value);
  switch (kind) {
    case 'name':
      if (chars.length <= 1) return '*';
      if (chars.length === 2) return `${chars[0]}*`;
      return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
    case 'idNumber':
      if (chars.length < 8) return '*'.repeat(chars.length);
      return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
    case 'mobile':
      if (chars.length < 7) return '*'.repeat(chars.length);
      return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
    case 'bankAccount':
      // a short value is shown as stars, never as itself: only a real account has a tail to show
      if (chars.length < 4) return '*'.repeat(chars.length);
      return `尾号${chars.slice(-4).join('')}`;
  }
}

/** What personal data is used for; each purpose shows in full only what that use needs. */
export type MaskPurpose = 'default' | 'roster' | 'notice' | 'payment' | 'paymentExport';

interface MaskPolicy {
  /** kinds shown unmasked for this purpose */
  full: readonly MaskKind[];
  /** why, for the person reading an export or a printout */
  note: string;
}

export const MASK_POLICY: Record<MaskPurpose, MaskPolicy> = {
  default: { full: [], note: '姓名、身份证号、手机号均已脱敏。' },
  /**
   * An activity's roster, printed by the officer as a sign-in sheet: the people on it are the
   * union's own members and must be recognisable at the door, so names are in full; a phone is not
   * needed to sign in, so it stays masked (its last four digits tell two namesakes apart).
   */
  roster: { full: ['name'], note: '签到表用于现场核对本会会员，姓名完整显示；手机号、身份证号已脱敏，仅供核对，请勿外传。' },
  /**
   * A public notice (公示) of aid, read by every member in the federation's scope: only a masked
   * name and the union (amount and kind where the federation's rule says so) reach it; ID numbers,
   * phones, addresses, illnesses and bank accounts never do (PIPL Art. 28; the leaks in the research §1e).
   */
  notice: { full: [], note: '公示名单仅显示脱敏后的姓名及所在工会，不含身份证号、手机号、住址、病情等个人信息。' },
  /**
   * The finance officer's payment roster on screen: names in full (they pay the person), the bank
   * account only by its last four digits; the full account leaves the system only in the export.
   */
  payment: { full: ['name'], note: '发放名单姓名完整显示，银行卡号仅显示尾号。' },
  /** The payment export a bank transfer is made from: name and full account, nothing else personal. */
  paymentExport: {
    full: ['name', 'bankAccount'],
    note: '本表含完整银行卡号，仅供财务办理帮扶金发放，导出已留痕；请妥善保管，办结后删除，勿外传。身份证号、手机号不在本表中。',
  },
};

/** Masks `value` as `purpose` allows: shown in full where the purpose needs it, masked otherwise. */
export function maskFor(purpose: MaskPurpose, kind: MaskKind, value: string | null | undefined): string {
  if (!value) return '';
  return MASK_POLICY[purpose].full.includes(kind) ? value : mask(kind, value);
}

/** The sentence an export or printout carries about its masking. */
export function maskNote(purpose: MaskPurpose): string {
  return MASK_POLICY[purpose].note;
}
