/**
 * The officer's roster of an activity: who stands (confirmed, waiting), the counts, how many signups
 * each sharer's card brought; and its rows for the xlsx export, names masked by the one masking
 * function.
 */
import type { z } from 'zod';
import type { Caller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { mask } from '../shared/mask';
import { anyMemberName } from '../member';
import type { ActionOutput } from '../shared/contract';
import type { activityContract } from './contract';
import type { SignupDoc } from './model';
import { SIGNUP_LABEL } from './machine';
import { forEachSignup, loadScopedActivity } from './records';
import { toActivityView } from './views';

type C = typeof activityContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

export async function roster(deps: Dependencies, caller: Caller, input: In<'roster'>): Promise<ActionOutput<C['roster']>> {
  const a = await loadScopedActivity(deps, caller, input.activityId);
  const all: SignupDoc[] = [];
  await forEachSignup(deps, a._id, async (s) => void all.push(s));
  const sharerNames = new Map<string, string>();
  for (const uid of new Set(all.map((s) => s.sharedBy).filter((u): u is string => !!u))) {
    const name = await anyMemberName(deps, uid);
    sharerNames.set(uid, name ? mask('name', name) : '非会员');
  }
  const live = all.filter((s) => s.status === 'confirmed' || s.status === 'waitlisted');
  // a sharer's reach: every signup that came through their card, including later cancellations
  const bySharer = new Map<string, number>();
  for (const s of all) if (s.sharedBy) bySharer.set(sharerNames.get(s.sharedBy)!, (bySharer.get(sharerNames.get(s.sharedBy)!) ?? 0) + 1);
  return {
    activity: toActivityView(deps, a, { role: 'officer' }),
    counts: {
      confirmed: all.filter((s) => s.status === 'confirmed').reduce((n, s) => n + s.seatCount, 0),
      waitlisted: all.filter((s) => s.status === 'waitlisted').length,
      cancelled: all.filter((s) => s.status === 'cancelled').length,
      checkedIn: all.filter((s) => s.checkedInAt !== null).length,
    },
    items: live.map((s) => ({
      name: s.name,
      memberNo: s.memberNo,
      status: s.status,
      statusLabel: SIGNUP_LABEL[s.status],
      seatCount: s.seatCount,
      checkedIn: s.checkedInAt !== null,
      sharedByName: s.sharedBy ? sharerNames.get(s.sharedBy)! : null,
    })),
    bySharer: [...bySharer].map(([sharer, signups]) => ({ sharer, signups })).sort((x, y) => y.signups - x.signups),
  };
}

/** Roster rows for the xlsx export: names masked by the one masking function. */
export async function rosterRows(deps: Dependencies, caller: Caller, activityId: string) {
  const r = await roster(deps, caller, { activityId });
  return {
    activity: r.activity,
    rows: r.items.map((i) => ({
      name: mask('name', i.name),
      memberNo: i.memberNo ?? '',
      status: i.statusLabel,
      seats: i.seatCount,
      checkedIn: i.checkedIn ? '已签到' : '',
      sharedBy: i.sharedByName ?? '',
    })),
  };
}
