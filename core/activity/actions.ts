/**
 * What a record allows, for whom: the buttons a page shows are the server's answer (`actions` on
 * the activity and on the viewer's signup), so that no page repeats a status rule. Each action has a
 * stable key (the page wires it to its call) and the label the button shows. Pure and zod-free.
 *
 * - a worker on the detail page (`get`, `mySignups`): sign up or join the waitlist while signup is
 *   open and they hold no place they could give up; share the card; on their signup, cancel it
 *   (the signup table allows it) and check in (confirmed, not yet checked in);
 * - an officer (`manage`, `roster`, and the answers of `publish`, `close`, `cancelActivity`): the
 *   check-in code, the roster export, the poster, and closing signup or cancelling the activity
 *   where the activity table allows it.
 */
import type { ActivityDoc, SignupDoc } from './model';
import { canMoveActivity, type Phase } from './machine';
import { canMove } from './seat-rules';

export const ACTIVITY_ACTION_KEYS = ['signup', 'joinWaitlist', 'share', 'checkInCode', 'exportRoster', 'poster', 'close', 'cancelActivity'] as const;
export type ActivityActionKey = (typeof ACTIVITY_ACTION_KEYS)[number];
export const SIGNUP_ACTION_KEYS = ['cancel', 'checkIn'] as const;
export type SignupActionKey = (typeof SIGNUP_ACTION_KEYS)[number];

export const ACTION_LABEL: Record<ActivityActionKey | SignupActionKey, string> = {
  signup: '立即报名',
  joinWaitlist: '名额已满，加入候补',
  share: '分享给工友',
  checkInCode: '现场签到',
  exportRoster: '导出名单',
  poster: '宣传海报',
  close: '截止报名',
  cancelActivity: '取消活动',
  cancel: '取消报名',
  checkIn: '现场签到',
};

export interface Action<K extends string> {
  key: K;
  label: string;
}
const action = <K extends ActivityActionKey | SignupActionKey>(key: K): Action<K> => ({ key, label: ACTION_LABEL[key] });

/** Who is looking: an officer on the management pages, a worker (with their signup, if any) on the detail page, or a list that shows no buttons. */
export type Viewer = { role: 'officer' } | { role: 'worker'; mine: Pick<SignupDoc, 'status'> | null } | null;

/** The viewer holds or awaits a place they may give up (confirmed or waitlisted). */
const holdsPlace = (mine: Pick<SignupDoc, 'status'> | null) => mine !== null && canMove(mine.status, 'cancel');

export function activityActions(a: Pick<ActivityDoc, 'status'>, phase: Phase, viewer: Viewer): Array<Action<ActivityActionKey>> {
  if (!viewer) return [];
  if (viewer.role === 'officer') {
    return [
      action('checkInCode'),
      action('exportRoster'),
      action('poster'),
      ...(canMoveActivity(a.status, 'close') ? [action('close')] : []),
      ...(canMoveActivity(a.status, 'cancel') ? [action('cancelActivity')] : []),
    ];
  }
  const out: Array<Action<ActivityActionKey>> = [];
  if (!holdsPlace(viewer.mine) && phase === 'open') out.push(action('signup'));
  if (!holdsPlace(viewer.mine) && phase === 'waitlist') out.push(action('joinWaitlist'));
  out.push(action('share'));
  return out;
}

export function signupActions(s: Pick<SignupDoc, 'status' | 'checkedInAt'>): Array<Action<SignupActionKey>> {
  return [...(canMove(s.status, 'cancel') ? [action('cancel')] : []), ...(s.status === 'confirmed' && s.checkedInAt === null ? [action('checkIn')] : [])];
}
