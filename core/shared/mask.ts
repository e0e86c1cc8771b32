/**
 * The one masking function (DESIGN.md §5): every screen, export and public notice masks personal
 * data through `mask`, so no view can show more than another by accident.
 *   name     张三 → 张*   张小三 → 张*三   欧阳小明 → 欧**明
 *   idNumber 110101199003071234 → 110***********1234
 *   mobile   13812345678 → 138****5678
 *
 * What is masked depends on the use, and that rule lives here too, as a named purpose (`maskFor`):
 * by default everything is masked; a purpose lists what it shows in full and says why, in words an
 * export can print (`maskNote`).
 */
export type MaskKind = 'name' | 'idNumber' | 'mobile';

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
  }
}

/** What personal data is used for; each purpose shows in full only what that use needs. */
export type MaskPurpose = 'default' | 'roster';

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
