/**
 * What both date fields share (pick.tsx on H5, pick.weapp.tsx on weapp): a value shared by the two lives
 * here, since './pick' on weapp resolves to pick.weapp.tsx itself.
 */
export interface DateFieldProps {
  id: string;
  label: string;
  /** 'YYYY-MM-DD' or '' */
  value: string;
  from: string;
  to: string;
  invalid?: boolean;
  onChange: (date: string) => void;
}

const WEEKDAY = '日一二三四五六';

/** 'YYYY-MM-DD' → 2026年12月8日 周二, or '' (a calendar date's weekday does not depend on the zone: read in UTC) */
export function dateWords(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return '';
  const [y, mo, d] = m.slice(1).map(Number);
  return `${y}年${mo}月${d}日 周${WEEKDAY[new Date(Date.UTC(y, mo - 1, d)).getUTCDay()]}`;
}
