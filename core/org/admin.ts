/**
 * Managing the org tree and who may do what in it: the tree with its coverage, creating federations
 * and joint unions, staff and their grants (a federation officer grants only inside the federation's
 * subtree; only a system admin grants admin), social union workers' assignments and workload.
 */
import type { Dependencies } from '../shared/ports';
import type { Caller, Grant, GrantRole, SignedInCaller } from '../shared/caller';
import { AppError, notFound } from '../shared/errors';
import { queryAll } from '../shared/docstore';
import { recordAudit } from '../shared/audit';
import { loadFile, storeUpload, FILES, type FileDoc, type FileUpload } from '../shared/files';
import { ENTERPRISES, ORGS, STAFF, type Enterprise, type Org, type Staff } from './model';
import { getOrg } from './usecases';
import { assertScope, covers, inScope, isAdmin, visibleTo } from './scope';
import { forgetGrants } from './staff';
import { GRANTABLE_ROLES, KIND_LABEL, ROLE_LABEL } from './labels';
import type { OrgNode, StaffView } from './contract';
import { personName, personOf, type MemberDirectory } from './people';

/**
 * Figures the org tree shows that belong to downstream contexts (members, applications). The org
 * context depends on no other context: the function entry passes the member context's counts in.
 */
export interface MemberFigures {
  countMembers(deps: Pick<Dependencies, 'store'>, scope: { orgId: string } | { federationId: string } | { cityId: string }): Promise<number>;
  applicationCounts(deps: Pick<Dependencies, 'store'>, enterpriseId: string, now: number): Promise<{ pending: number; overdue: number }>;
}

export { KIND_LABEL, ROLE_LABEL } from './labels';

/** The roles this caller may grant, in the form's order: only a system admin grants admin. */
export function grantableRoles(caller: Caller): GrantRole[] {
  return GRANTABLE_ROLES.filter((r) => r !== 'admin' || isAdmin(caller));
}

/** Every org, read page by page (the tree is thousands at most). */
export function allOrgs(deps: Pick<Dependencies, 'store'>): Promise<Org[]> {
  return queryAll<Org>(deps.store, ORGS, { orderBy: [['name', 'asc']] });
}

/** The unions (基层工会) in an org's scope, by name: who takes part in a campaign the org runs (金秋助学). */
export async function unionsIn(deps: Pick<Dependencies, 'store'>, scopeOrgId: string): Promise<Org[]> {
  return (await allOrgs(deps)).filter((o) => o.kind === 'union' && inScope(scopeOrgId, o));
}

export async function tree(deps: Dependencies, caller: Caller, figures: Pick<MemberFigures, 'countMembers'>): Promise<OrgNode[]> {
  const orgs = (await allOrgs(deps)).filter((o) => visibleTo(caller, o));
  const kindOrder = { city_federation: 0, federation: 1, union: 2 } as const;
  orgs.sort((a, b) => a.ancestors.length - b.ancestors.length || kindOrder[a.kind] - kindOrder[b.kind] || a.name.localeCompare(b.name, 'zh'));
  const nodes: OrgNode[] = [];
  for (const o of orgs) {
    let enterprises = 0;
    let withUnion = 0;
    if (o.kind === 'union') {
      enterprises = await deps.store.count(ENTERPRISES, { unionId: o._id });
      withUnion = enterprises;
    } else {
      const where: Record<string, string> = o.kind === 'city_federation' ? { cityId: o._id } : { federationId: o._id };
      enterprises = await deps.store.count(ENTERPRISES, where);
      withUnion = await deps.store.count(ENTERPRISES, { ...where, unionId: { $ne: null } });
    }
    const members = await figures.countMembers(
      deps,
      o.kind === 'union' ? { orgId: o._id } : o.kind === 'federation' ? { federationId: o._id } : { cityId: o._id },
    );
    nodes.push({
      id: o._id,
      name: o.name,
      kind: o.kind,
      kindLabel: KIND_LABEL[o.kind],
      parentId: o.parentId,
      depth: o.ancestors.length,
      enterprises,
      enterprisesWithUnion: withUnion,
      members,
    });
  }
  // depth-first order, so that a list reads as a tree
  const children = new Map<string | null, OrgNode[]>();
  for (const n of nodes) {
    const parent = nodes.some((m) => m.id === n.parentId) ? n.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  const ordered: OrgNode[] = [];
  const walk = (id: string | null) => (children.get(id) ?? []).forEach((n) => (ordered.push(n), walk(n.id)));
  walk(null);
  return ordered;
}

export async function createOrg(
  deps: Dependencies,
  caller: SignedInCaller,
  input: { parentId: string; kind: 'federation' | 'union'; name: string; enterpriseIds: string[] },
): Promise<OrgNode> {
  const parent = await getOrg(deps, input.parentId);
  assertScope(caller, parent);
  if (parent.kind === 'union') throw new AppError('VALIDATION', '工会下面不能再建组织', [{ path: ['parentId'], message: '请选择联合会或市总工会' }]);
  if (input.kind === 'union' && parent.kind !== 'federation')
    throw new AppError('VALIDATION', '联合工会须建在联合会之下', [{ path: ['parentId'], message: '请选择联合会' }]);
  if (input.kind === 'federation' && input.enterpriseIds.length)
    throw new AppError('VALIDATION', '联合会不直接挂企业', [{ path: ['enterpriseIds'], message: '联合会不直接挂企业' }]);
  const twin = await deps.store.query<Org>(ORGS, { where: { parentId: parent._id, name: input.name }, limit: 1 });
  if (twin.items.length) throw new AppError('CONFLICT', `${parent.name}下已有“${input.name}”`, [{ path: ['name'], message: '同级已有同名组织' }]);
  const ents: Enterprise[] = [];
  for (const id of input.enterpriseIds) {
    const e = await deps.store.get<Enterprise>(ENTERPRISES, id);
    if (!e) throw notFound('企业');
    if (e.federationId !== parent._id)
      throw new AppError('VALIDATION', `${e.name}不在${parent.name}的覆盖范围内`, [{ path: ['enterpriseIds'], message: `${e.name}不在覆盖范围内` }]);
    if (e.unionId) throw new AppError('CONFLICT', `${e.name}已有工会`);
    ents.push(e);
  }
  const now = deps.clock.now();
  const id = `org_${input.kind === 'union' ? 'u' : 'f'}${now.toString(36)}${deps.crypto.randomId(3)}`;
  const ancestors = [...parent.ancestors, parent._id];
  const org: Org = {
    _id: id,
    kind: input.kind,
    name: input.name,
    parentId: parent._id,
    ancestors,
    cityId: parent.cityId,
    federationId: input.kind === 'federation' ? id : parent._id,
  };
  await deps.store.insert(ORGS, org);
  // a joint union takes over joining for the enterprises it covers; each claim is conditional
  for (const e of ents) {
    if (!(await deps.store.update(ENTERPRISES, e._id, { set: { unionId: id } }, { unionId: null }))) throw new AppError('CONFLICT', `${e.name}刚刚已建会`);
  }
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: 'org.create',
    target: { collection: ORGS, id },
    before: null,
    after: { name: org.name, kind: org.kind, parentId: org.parentId, enterprises: input.enterpriseIds },
  });
  return {
    id,
    name: org.name,
    kind: org.kind,
    kindLabel: KIND_LABEL[org.kind],
    parentId: org.parentId,
    depth: ancestors.length,
    enterprises: ents.length,
    enterprisesWithUnion: ents.length,
    members: 0,
  };
}

async function enterpriseNames(deps: Dependencies, ids: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) out.push((await deps.store.get<Enterprise>(ENTERPRISES, id))?.name ?? '（已注销的企业）');
  return out;
}

async function staffView(deps: Dependencies, s: Staff): Promise<StaffView> {
  const grants = [];
  for (const g of s.grants) {
    const org = await getOrg(deps, g.orgId).catch(() => null);
    grants.push({
      role: g.role,
      roleLabel: ROLE_LABEL[g.role],
      orgId: g.orgId,
      orgName: org?.name ?? '（已撤销的组织）',
      agency: g.agency ?? null,
      enterpriseIds: g.enterpriseIds ?? [],
      enterpriseNames: await enterpriseNames(deps, g.enterpriseIds ?? []),
    });
  }
  return { uid: s._id, name: s.name, grants };
}

export async function listStaff(deps: Dependencies, caller: Caller, orgId?: string): Promise<StaffView[]> {
  let scope: Org | null = null;
  if (orgId) {
    scope = await getOrg(deps, orgId);
    assertScope(caller, scope);
  }
  const out: StaffView[] = [];
  for (const s of await listStaffRaw(deps)) {
    // only grants the caller may see, and of those only the ones inside the chosen org
    const visible: Grant[] = [];
    for (const g of s.grants) {
      const org = await getOrg(deps, g.orgId).catch(() => null);
      if (!org || !visibleTo(caller, org)) continue;
      if (scope && !inScope(scope._id, org)) continue;
      visible.push(g);
    }
    if (visible.length) out.push(await staffView(deps, { ...s, grants: visible }));
  }
  return out;
}

async function assertMayGrant(deps: Dependencies, caller: Caller, role: GrantRole, orgId: string): Promise<Org> {
  const org = await getOrg(deps, orgId);
  if (!grantableRoles(caller).includes(role)) throw new AppError('FORBIDDEN', '只有系统管理员才能授予管理员权限');
  assertScope(caller, org);
  if (role === 'federation_officer' && org.kind === 'union')
    throw new AppError('VALIDATION', '联合会干部须授在联合会上', [{ path: ['orgId'], message: '请选择联合会' }]);
  if (role === 'union_officer' && org.kind !== 'union')
    throw new AppError('VALIDATION', '企业工会干部须授在工会上', [{ path: ['orgId'], message: '请选择工会' }]);
  return org;
}

/**
 * Grants a role to the person findPeople's `personId` names (their stored name is kept), or, for
 * scripts, to a user id with a name.
 */
export async function grantRole(
  deps: Dependencies,
  caller: SignedInCaller,
  request: { personId?: string; uid?: string; name?: string; role: GrantRole; orgId: string; agency?: string; enterpriseIds?: string[] },
  members: Pick<MemberDirectory, 'anyMemberName'>,
): Promise<StaffView> {
  const org = await assertMayGrant(deps, caller, request.role, request.orgId);
  const uid = request.personId ? personOf(deps, caller.uid, request.personId) : request.uid;
  if (!uid) throw new AppError('VALIDATION', '请按姓名查找并选择被授权人', [{ path: ['personId'], message: '请按姓名查找并选择被授权人' }]);
  if (uid === caller.uid) throw new AppError('FORBIDDEN', '不能给自己授权');
  const name = request.personId ? await personName(deps, uid, members) : (request.name ?? '');
  const input = { ...request, uid, name };
  for (const id of input.enterpriseIds ?? []) {
    const e = await deps.store.get<Enterprise>(ENTERPRISES, id);
    if (!e) throw notFound('企业');
    const covering = await getOrg(deps, e.unionId ?? e.federationId);
    if (!inScope(org._id, covering))
      throw new AppError('VALIDATION', `${e.name}不在${org.name}范围内`, [{ path: ['enterpriseIds'], message: `${e.name}不在范围内` }]);
  }
  const grant: Grant = {
    role: input.role,
    orgId: org._id,
    ...(input.agency ? { agency: input.agency } : {}),
    ...(input.enterpriseIds ? { enterpriseIds: input.enterpriseIds } : {}),
  };
  let before: Grant[] = [];
  const isAdmin = caller.grants.some((g) => g.role === 'admin');
  const saved = await deps.store.transact<Staff>(STAFF, input.uid, (cur) => {
    before = cur?.grants ?? [];
    const others = before.filter((g) => !(g.role === grant.role && g.orgId === grant.orgId));
    // a grant never renames someone: the stored name stays unless an admin gives it (F5: an officer
    // could otherwise rename anyone, the admin too, by granting them something in their own scope)
    const name = cur?.name && (!isAdmin || request.personId) ? cur.name : input.name;
    return { _id: input.uid, name, grants: [...others, grant] };
  });
  forgetGrants(deps, input.uid);
  await recordAudit(deps, { actorUid: caller.uid, action: 'staff.grant', target: { collection: STAFF, id: input.uid }, before, after: saved!.grants });
  return staffView(deps, saved!);
}

export async function revokeRole(deps: Dependencies, caller: SignedInCaller, input: { uid: string; role: GrantRole; orgId: string }): Promise<StaffView> {
  if (input.uid === caller.uid) throw new AppError('FORBIDDEN', '不能收回自己的权限，请由上级或管理员办理');
  await assertMayGrant(deps, caller, input.role, input.orgId);
  const current = await deps.store.get<Staff>(STAFF, input.uid);
  if (!current || !current.grants.some((g) => g.role === input.role && g.orgId === input.orgId)) throw notFound('该授权');
  let before: Grant[] = [];
  const saved = await deps.store.transact<Staff>(STAFF, input.uid, (cur) => {
    before = cur?.grants ?? [];
    return { _id: input.uid, name: cur?.name ?? '', grants: before.filter((g) => !(g.role === input.role && g.orgId === input.orgId)) };
  });
  forgetGrants(deps, input.uid);
  await recordAudit(deps, { actorUid: caller.uid, action: 'staff.revoke', target: { collection: STAFF, id: input.uid }, before, after: saved!.grants });
  return staffView(deps, saved!);
}

/** Social union workers in the caller's reach (themselves, or those placed under the caller's orgs). */
export async function workload(deps: Dependencies, caller: Caller, figures: Pick<MemberFigures, 'applicationCounts'>) {
  const now = deps.clock.now();
  const staff = await listStaffRaw(deps);
  const items = [];
  for (const s of staff) {
    for (const g of s.grants) {
      if (g.role !== 'social_worker') continue;
      const org = await getOrg(deps, g.orgId).catch(() => null);
      if (!org) continue;
      const own = s._id === caller.uid;
      const above = covers(caller, org, ['federation_officer', 'admin']);
      if (!own && !above) continue;
      const enterprises = [];
      for (const id of g.enterpriseIds ?? []) {
        const e = await deps.store.get<Enterprise>(ENTERPRISES, id);
        if (!e) continue;
        const { pending, overdue } = await figures.applicationCounts(deps, id, now);
        enterprises.push({ id, name: e.name, pendingApplications: pending, overdueApplications: overdue });
      }
      items.push({
        uid: s._id,
        name: s.name,
        agency: g.agency ?? '',
        orgId: org._id,
        orgName: org.name,
        enterprises,
        pendingApplications: enterprises.reduce((n, e) => n + e.pendingApplications, 0),
        overdueApplications: enterprises.reduce((n, e) => n + e.overdueApplications, 0),
      });
    }
  }
  return items;
}

function listStaffRaw(deps: Dependencies): Promise<Staff[]> {
  return queryAll<Staff>(deps.store, STAFF, { orderBy: [['_id', 'asc']] });
}

// ---------------------------------------------------------------------------------------------
// Files

export async function uploadFile(deps: Dependencies, caller: Caller, input: FileUpload) {
  if (!caller.uid) throw new AppError('UNAUTHENTICATED', '请先登录');
  // unattached until a use case claims it (a founding step, an assessment); only its uploader sees it
  return storeUpload(deps, input, { ownerId: 'unattached', orgId: null, uid: caller.uid });
}

export async function getFile(deps: Dependencies, caller: Caller, fileId: string) {
  const meta = await deps.store.get<FileDoc>(FILES, fileId);
  if (!meta) throw notFound('文件');
  const mine = meta.uploadedBy === caller.uid;
  const inReach = meta.orgId !== null && covers(caller, await getOrg(deps, meta.orgId));
  if (!mine && !inReach) throw new AppError('FORBIDDEN', '您无权查看该文件');
  const { doc, download } = await loadFile(deps, fileId);
  return { id: doc._id, name: doc.name, contentType: doc.contentType, size: doc.size, url: download.url, expiresAt: download.expiresAt };
}

/** Attaches uploaded files to an owner and an org, after checking the caller uploaded them. */
export async function attachFiles(deps: Dependencies, caller: Caller, fileIds: string[], owner: { ownerId: string; orgId: string }) {
  const out = [];
  for (const id of fileIds) {
    const f = await deps.store.get<FileDoc>(FILES, id);
    if (!f || (f.uploadedBy !== caller.uid && f.ownerId !== owner.ownerId))
      throw new AppError('VALIDATION', '附件不存在或不是您上传的', [{ path: ['fileIds'], message: '附件无效，请重新上传' }]);
    if (f.ownerId !== owner.ownerId) {
      const attached = await deps.store.update(FILES, id, { set: { ownerId: owner.ownerId, orgId: owner.orgId } }, { ownerId: 'unattached' });
      // lost to the sweep of unattached uploads (or attached elsewhere meanwhile): say so, never claim a deleted file
      if (!attached && (await deps.store.get<FileDoc>(FILES, id))?.ownerId !== owner.ownerId) {
        throw new AppError('VALIDATION', '附件已过期或已被使用，请重新上传', [{ path: ['fileIds'], message: '附件已过期，请重新上传' }]);
      }
    }
    out.push({ id: f._id, name: f.name, contentType: f.contentType, size: f.size });
  }
  return out;
}
