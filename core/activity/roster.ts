/**
 * The officer's roster of an activity: who stands (confirmed, waiting), the counts, how many signups
 * each sharer's card brought; and its rows for the xlsx export. Both are the officer's sign-in sheet of
 * the union's own members, so they mask for the `roster` purpose of the one masking module: names in
 * full, phones masked.
 */
import type { z } from 'zod';
import type { Caller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { maskFor, maskNote } from '../shared/mask';
import { anyMemberName, findMember } from '../member';
import type { ActionOutput } from '../shared/contract';
import type { activityContract } from './contract';
import type { SignupDoc } from './model';
import { SIGNUP_LABEL } from './machine';
import { forEachSignup, loadScopedActivity } from './records';
import { toActivityView } from './views';

type C = typeof activityContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

export async function roster(deps: Dependencies, caller: Caller, input: In<'roster'>): Promise<ActionOutput<C['roster']>> {
  return (await build(deps, caller, input.activityId)).out;
}

/** The roster, and the signups its items are made of (in the same order). */
async function build(deps: Dependencies, caller: Caller, activityId: string): Promise<{ out: ActionOutput<C['roster']>; live: SignupDoc[] }> {
  const a = await loadScopedActivity(deps, caller, activityId);
  const all: SignupDoc[] = [];
  await forEachSignup(deps, a._id, async (s) => void all.push(s));
  const sharerNames = new Map<string, string>();
  for (const uid of new Set(all.map((s) => s.sharedBy).filter((u): u is string => !!u))) {
    const name = await anyMemberName(deps, uid);
    sharerNames.set(uid, name ? maskFor('roster', 'name', name) : '非会员');
  }
  const live = all.filter((s) => s.status === 'confirmed' || s.status === 'waitlisted');
  // a sharer's reach: every signup that came through their card, including later cancellations
  const bySharer = new Map<string, number>();
  for (const s of all) if (s.sharedBy) bySharer.set(sharerNames.get(s.sharedBy)!, (bySharer.get(sharerNames.get(s.sharedBy)!) ?? 0) + 1);
  const out = {
    activity: toActivityView(deps, a, { role: 'officer' }),
    counts: {
      confirmed: all.filter((s) => s.status === 'confirmed').reduce((n, s) => n + s.seatCount, 0),
      waitlisted: all.filter((s) => s.status === 'waitlisted').length,
      cancelled: all.filter((s) => s.status === 'cancelled').length,
      checkedIn: all.filter((s) => s.checkedInAt !== null).length,
    },
    items: live.map((s) => ({
      name: maskFor('roster', 'name', s.name),
      memberNo: s.memberNo,
      status: s.status,
      statusLabel: SIGNUP_LABEL[s.status],
      seatCount: s.seatCount,
      checkedIn: s.checkedInAt !== null,
      sharedByName: s.sharedBy ? sharerNames.get(s.sharedBy)! : null,
    })),
    bySharer: [...bySharer].map(([sharer, signups]) => ({ sharer, signups })).sort((x, y) => y.signups - x.signups),
  };
  return { out, live };
}

/**
 * Roster rows for the xlsx export, masked for the `roster` purpose (names in full, phones masked),
 * with the note the sheet prints about it. A member's phone is read from the membership; a
 * non-member's signup has none.
 */
export async function rosterRows(deps: Dependencies, caller: Caller, activityId: string) {
  const { out: r, live } = await build(deps, caller, activityId);
  const mobiles: string[] = [];
  for (const s of live) {
    const m = s.memberNo ? await findMember(deps, s.uid) : null;
    mobiles.push(m?.mobileSealed ? maskFor('roster', 'mobile', openOrEmpty(deps, m.mobileSealed)) : '');
  }
  return {
    activity: r.activity,
    note: `说明：${maskNote('roster')}`,
    rows: r.items.map((i, n) => ({
      name: i.name,
      mobile: mobiles[n] ?? '',
      memberNo: i.memberNo ?? '',
      status: i.statusLabel,
      seats: i.seatCount,
      checkedIn: i.checkedIn ? '已签到' : '未签到',
      sharedBy: i.sharedByName ?? '',
    })),
  };
}

/** A sealed phone that cannot be opened (a damaged record) leaves its cell empty, not the whole export failed. */
function openOrEmpty(deps: Dependencies, sealed: string): string {
  try {
    return deps.crypto.open(sealed);
  } catch {
    return '';
  }
}
