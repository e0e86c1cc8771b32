/** "六有" assessment of unions and the federation's board over its subtree. */
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { AppError } from '../shared/errors';
import { recordAudit } from '../shared/audit';
import { FILES, type FileDoc } from '../shared/files';
import { staffName } from './staff';
import { getOrg } from './usecases';
import { assertScope, inScope, visibleTo } from './scope';
import { allOrgs, attachFiles } from './admin';
import { SIX_ASSESSMENTS, SIX_GOAL, SIX_ITEMS, labelOf, type SixAssessmentDoc, type SixKey } from './six';
import type { SixAssessmentView } from './contract';

async function toView(deps: Dependencies, d: SixAssessmentDoc): Promise<SixAssessmentView> {
  const items = [];
  for (const i of d.items) {
    const files = [];
    for (const id of i.fileIds) {
      const f = await deps.store.get<FileDoc>(FILES, id);
      if (f) files.push({ id: f._id, name: f.name, contentType: f.contentType, size: f.size });
    }
    items.push({ key: i.key, label: labelOf(i.key), met: i.met, evidence: i.evidence, files });
  }
  return {
    unionId: d._id,
    unionName: d.unionName,
    items,
    metCount: d.metCount,
    meetsAll: d.meetsAll,
    assessorUid: d.assessorUid,
    assessorName: d.assessorName,
    assessedAt: d.assessedAt,
  };
}

export async function assessSix(
  deps: Dependencies,
  caller: SignedInCaller,
  input: { unionId: string; items: Array<{ key: string; met: boolean; evidence: string; fileIds: string[] }> },
): Promise<SixAssessmentView> {
  const union = await getOrg(deps, input.unionId);
  if (union.kind !== 'union') throw new AppError('VALIDATION', '“六有”评估的对象是基层工会', [{ path: ['unionId'], message: '请选择工会' }]);
  assertScope(caller, union);
  // an assessor assesses from above: not the union's own officers
  if (!caller.grants.some((g) => g.role === 'admin' || (g.role === 'federation_officer' && g.orgId !== union._id && inScope(g.orgId, union)))) {
    throw new AppError('FORBIDDEN', '“六有”评估须由上级联合会进行');
  }
  const items: SixAssessmentDoc['items'] = [];
  for (const def of SIX_ITEMS) {
    const i = input.items.find((x) => x.key === def.key)!;
    await attachFiles(deps, caller, i.fileIds, { ownerId: `six_${union._id}`, orgId: union._id });
    items.push({ key: def.key as SixKey, met: i.met, evidence: i.evidence, fileIds: i.fileIds });
  }
  const metCount = items.filter((i) => i.met).length;
  const doc: SixAssessmentDoc = {
    _id: union._id,
    unionName: union.name,
    ancestors: union.ancestors,
    items,
    metCount,
    meetsAll: metCount === 6,
    assessorUid: caller.uid,
    assessorName: await staffName(deps, caller.uid, '评估人'),
    assessedAt: deps.clock.now(),
  };
  let before: SixAssessmentDoc | null = null;
  await deps.store.transact<SixAssessmentDoc>(SIX_ASSESSMENTS, union._id, (cur) => ((before = cur), doc));
  await recordAudit(deps, {
    actorUid: doc.assessorUid,
    action: 'six.assess',
    target: { collection: SIX_ASSESSMENTS, id: union._id },
    before: before ? { metCount: (before as SixAssessmentDoc).metCount } : null,
    after: { metCount, items: items.map((i) => `${i.key}:${i.met ? 1 : 0}`) },
  });
  return toView(deps, doc);
}

export async function getSix(deps: Dependencies, caller: Caller, unionId: string) {
  const union = await getOrg(deps, unionId);
  assertScope(caller, union);
  const doc = await deps.store.get<SixAssessmentDoc>(SIX_ASSESSMENTS, union._id);
  return { assessment: doc ? await toView(deps, doc) : null };
}

export async function sixBoard(deps: Dependencies, caller: Caller, orgId?: string) {
  const scopeId = orgId ?? caller.grants.find((g) => g.role === 'federation_officer' || g.role === 'admin' || g.role === 'union_officer')?.orgId;
  if (!scopeId) throw new AppError('FORBIDDEN', '您没有可查看的组织');
  const scope = await getOrg(deps, scopeId);
  assertScope(caller, scope);
  const orgs = await allOrgs(deps);
  const byId = new Map(orgs.map((o) => [o._id, o]));
  const unions = orgs.filter((o) => o.kind === 'union' && inScope(scope._id, o) && visibleTo(caller, o));
  const missingCount = new Map<string, number>(SIX_ITEMS.map((i) => [i.key, 0]));
  const rows = [];
  let assessed = 0;
  let meetingAll = 0;
  for (const u of unions) {
    const a = await deps.store.get<SixAssessmentDoc>(SIX_ASSESSMENTS, u._id);
    const missing = a ? a.items.filter((i) => !i.met).map((i) => i.key) : SIX_ITEMS.map((i) => i.key);
    if (a) {
      assessed++;
      if (a.meetsAll) meetingAll++;
      for (const k of missing) missingCount.set(k, (missingCount.get(k) ?? 0) + 1);
    }
    rows.push({
      unionId: u._id,
      unionName: u.name,
      parentName: byId.get(u.parentId ?? '')?.name ?? '',
      assessed: !!a,
      metCount: a?.metCount ?? 0,
      meetsAll: !!a?.meetsAll,
      missing: missing.map(labelOf),
      assessedAt: a?.assessedAt ?? null,
    });
  }
  rows.sort((x, y) => Number(x.meetsAll) - Number(y.meetsAll) || x.metCount - y.metCount || x.unionName.localeCompare(y.unionName, 'zh'));
  return {
    orgId: scope._id,
    orgName: scope.name,
    unions: unions.length,
    assessed,
    meetingAll,
    share: unions.length ? +(meetingAll / unions.length).toFixed(4) : 0,
    goal: SIX_GOAL,
    missing: SIX_ITEMS.map((i) => ({ key: i.key, label: i.label, unions: missingCount.get(i.key) ?? 0 })).sort((a, b) => b.unions - a.unions),
    rows,
  };
}
