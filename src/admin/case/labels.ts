/**
 * What the staff's case pages say and how they colour it, beside the server's own labels (every
 * status, action and timeline text on screen is the server's; these are only the look, the tab names
 * and who the signed-in person is). Labels from core/case/machine.ts, which is zod-free.
 */
import { currentUser } from '../../api/session';
import { CASE_QUEUE_COUNT_CAP, type CaseStatus } from '../../../core/case/machine';

import { formatDate, parseTime } from '../../components/format';

export { SLA_LABEL, SLA_TYPE } from '../../components/format';

/** a tab count as the server gives it: it stops at CASE_QUEUE_COUNT_CAP, shown as 99+ */
export const shown = (n: number | undefined) => (n === undefined ? '…' : n >= CASE_QUEUE_COUNT_CAP ? `${CASE_QUEUE_COUNT_CAP - 1}+` : String(n));

/** whole yuan, grouped: ¥700,000 */
export const yuan = (n: number) => `¥${n.toLocaleString('en-US')}`;

/** a whole-yuan amount typed by a person: digits only (commas and ¥ tolerated), '' is 0, else NaN */
export const parseYuan = (text: string) => {
  const t = text.replace(/[,，¥￥\s]/g, '');
  if (t === '') return 0;
  return /^\d{1,9}$/.test(t) ? Number(t) : NaN;
};

/** a status's tag colour by what it means (plain grey for the closed ones that are nobody's failure) */
export const STATUS_TAG: Record<CaseStatus, 'success' | 'warning' | 'danger' | 'info' | 'default'> = {
  received: 'warning',
  assigned: 'warning',
  handling: 'info',
  resolved: 'info',
  quality_check: 'warning',
  closed: 'success',
  declined: 'default',
  withdrawn: 'default',
};

const has = (...roles: string[]) => (currentUser()?.grants ?? []).some((g) => roles.includes(g.role));

/** who the signed-in person is for these pages (the server decides what they may do; this only picks the landing tab and links) */
export const staffKind = () => ({
  officer: has('union_officer', 'federation_officer', 'admin'),
  federation: has('federation_officer', 'admin'),
  lawyer: has('lawyer', 'admin'),
});

/** the Shanghai calendar's month (this or last) or year around `ms`, as [from, to) in epoch ms (through format.ts, the client's one Shanghai-time module) */
export function periodOf(kind: 'month' | 'year' | 'last_month', ms = Date.now()): { from: number; to: number; label: string } {
  const [y, m] = formatDate(ms).split('-').map(Number); // m: 1–12
  const at = (yy: number, mm: number) => parseTime(`${yy + Math.floor((mm - 1) / 12)}-${String(((mm - 1) % 12) + 1).padStart(2, '0')}-01 00:00`);
  if (kind === 'year') return { from: at(y, 1), to: at(y + 1, 1), label: `${y}年` };
  if (kind === 'last_month') {
    const py = m === 1 ? y - 1 : y;
    const pm = m === 1 ? 12 : m - 1;
    return { from: at(py, pm), to: at(y, m), label: `${py}年${pm}月` };
  }
  return { from: at(y, m), to: at(y, m + 1), label: `${y}年${m}月` };
}
