/** Audit log: every officer decision — who, what, when, before and after (DESIGN.md §5). */
import type { Dependencies } from './ports';

export const AUDIT = 'audit';

export interface AuditEntry {
  _id: string;
  at: number;
  actorUid: string;
  action: string;
  target: { collection: string; id: string };
  before: unknown;
  after: unknown;
  reason?: string | null;
}

export async function recordAudit(deps: Pick<Dependencies, 'store' | 'clock' | 'crypto'>, entry: Omit<AuditEntry, '_id' | 'at'>): Promise<void> {
  const at = deps.clock.now();
  await deps.store.insert<AuditEntry>(AUDIT, { _id: `au_${at}_${deps.crypto.randomId(6)}`, at, ...entry });
}
