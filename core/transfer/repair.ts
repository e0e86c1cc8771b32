/**
 * The `repair` job (timer, and once at start-up): step 5 of the protocol in closing.ts. Replays the
 * member write and the final mark for transfers whose closing was claimed but never applied (a
 * process died after its claim), and cancels transfers that never got their member lock (a crash
 * between the two writes of start, start.ts).
 */
import type { Dependencies } from '../shared/ports';
import { AppError } from '../shared/errors';
import { isLockedTo } from '../member';
import { TRANSFERS, type TransferDoc } from './model';
import { OPEN_TRANSFER } from './machine';
import { finish } from './closing';

/** a transfer that never got its member lock (crash between the two writes of start) is cancelled after this */
const UNLOCKED_GRACE_MS = 60_000;

/** Finishes transfers whose closing was claimed but not applied; cancels transfers that never got their member lock. */
export async function repair(deps: Dependencies) {
  let finished = 0;
  let cancelled = 0;
  for (const closing of ['accept', 'refuse', 'cancel'] as const) {
    for (const status of OPEN_TRANSFER) {
      const page = await deps.store.query<TransferDoc>(TRANSFERS, { where: { closing, status }, limit: 500 });
      for (const t of page.items) {
        try {
          await finish(deps, t, '系统补办', closing === 'refuse' ? (t.reason ?? '新工会未接收') : null);
        } catch (e) {
          if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e;
        }
        finished++;
      }
    }
  }
  const now = deps.clock.now();
  for (const status of OPEN_TRANSFER) {
    const page = await deps.store.query<TransferDoc>(TRANSFERS, { where: { closing: null, status, createdAt: { $lt: now - UNLOCKED_GRACE_MS } }, limit: 500 });
    for (const t of page.items) {
      if (await isLockedTo(deps, t.memberId, t._id)) continue;
      if (
        await deps.store.update(
          TRANSFERS,
          t._id,
          { set: { status: 'cancelled', closing: 'cancel', closedAt: now, reason: '发起未完成，已自动取消' } },
          { closing: null, status },
        )
      )
        cancelled++;
    }
  }
  return { finished, cancelled };
}
