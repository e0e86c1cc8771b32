/**
 * The one masking function (DESIGN.md §5): every screen, export and public notice masks personal
 * data through `mask`, so no view can show more than another by accident.
 *   name     张三 → 张*   张小三 → 张*三   欧阳小明 → 欧**明
 *   idNumber 110101199003071234 → 110***********1234
 *   mobile   13812345678 → 138****5678
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
