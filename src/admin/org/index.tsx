import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { ApiError, call, fieldErrors, messageOf, type Input as In, type Output } from '../../api';
import { currentUser } from '../../api/session';
import { Button, Tag } from '../../components/nut';
import { EnterprisePicker, type Enterprise } from '../../components/EnterprisePicker';
import { SearchBox } from '../../components/SearchBox';
import { inputNameProps } from '../../components/a11y';
import { PageState, PageTitle, PickRow, SectionTitle, Tap } from '../ui';
import { GRANTABLE_ROLES, ROLE_LABEL } from '../../../core/org/labels';
import '../admin.scss';

type Node = Output<'org', 'tree'>['nodes'][number];
type Staff = Output<'org', 'listStaff'>['items'][number];
type Workload = Output<'org', 'workload'>['items'][number];
type Role = In<'org', 'grantRole'>['role'];
type Person = Output<'org', 'findPeople'>['items'][number];
const pct = (n: number, d: number) => (d ? `${Math.round((n / d) * 100)}%` : '—');

export default function OrgAdmin() {
  const [nodes, setNodes] = useState<Node[] | null>(null);
  const [staff, setStaff] = useState<Staff[] | null>(null);
  /** the roles this officer may grant, as the server says (only a system admin grants admin) */
  const [grantable, setGrantable] = useState<Role[]>([]);
  const [workload, setWorkload] = useState<Workload[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const [org, setOrg] = useState({ parentIndex: 0, kind: 'federation' as 'federation' | 'union', name: '', enterprises: [] as Enterprise[] });
  const [orgErrors, setOrgErrors] = useState<Record<string, string>>({});
  const [grant, setGrant] = useState({
    person: null as Person | null,
    role: 'union_officer' as Role,
    orgIndex: 0,
    agency: '',
    enterprises: [] as Enterprise[],
  });
  const [who, setWho] = useState({ q: '', results: null as Person[] | null });
  const findPeople = async () => {
    const q = who.q.trim();
    if (!q) return setWho({ q, results: null });
    try {
      const r = await call('org', 'findPeople', { q, limit: 10 });
      setWho({ q, results: r.items });
    } catch (e) {
      setNotice({ kind: 'error', text: messageOf(e) });
    }
  };
  const [grantErrors, setGrantErrors] = useState<Record<string, string>>({});

  const load = async () => {
    try {
      const t = await call('org', 'tree', {});
      setNodes(t.nodes);
      setError(null);
    } catch (e) {
      setError(e);
    }
    // staff and workload are for some roles only: a lawyer sees the tree, a union officer no workload
    call('org', 'listStaff', {})
      .then((r) => (setStaff(r.items), setGrantable(r.grantableRoles)))
      .catch(() => setStaff(null));
    call('org', 'workload', {})
      .then((r) => setWorkload(r.items))
      .catch(() => setWorkload(null));
    Taro.stopPullDownRefresh();
  };
  useDidShow(load);
  usePullDownRefresh(load);

  if (error || !nodes)
    return (
      <View className='page adm org-admin'>
        <PageTitle>组织与权限</PageTitle>
        <PageState loading={!error} error={error} onRetry={load} rows={6} />
      </View>
    );

  const me = currentUser()?.uid; // no 收回 on one's own grants (H5 knows who is signed in)
  const minDepth = Math.min(...nodes.map((n) => n.depth));
  const parents = nodes.filter((n) => n.kind !== 'union');
  const canManage = parents.length > 0 && staff !== null;
  const parent = parents[Math.min(org.parentIndex, parents.length - 1)];
  const grantOrg = nodes[Math.min(grant.orgIndex, nodes.length - 1)];
  /** whether the org the picker's enterprise is handled by lies in `root`'s subtree (the server checks again) */
  const under = (orgId: string, root: string | undefined) => {
    for (let n = nodes.find((x) => x.id === orgId); n; n = nodes.find((x) => x.id === n!.parentId)) if (n.id === root) return true;
    return false;
  };
  const chips = (list: Enterprise[], drop: (id: string) => void) =>
    list.length > 0 && (
      <View className='picked'>
        {list.map((e) => (
          <Tap key={e.id} className='adm-chip on' label={`移除${e.name}`} onTap={() => drop(e.id)}>
            {e.name} ×
          </Tap>
        ))}
      </View>
    );

  const run = async (fn: () => Promise<unknown>, ok: string, onFields: (f: Record<string, string>) => void) => {
    if (busy) return false;
    setBusy(true);
    setNotice(null);
    try {
      await fn();
      onFields({});
      setNotice({ kind: 'ok', text: ok });
      await load();
      return true;
    } catch (e) {
      const fields = fieldErrors(e);
      onFields(fields);
      if (!(e instanceof ApiError && e.code === 'VALIDATION' && Object.keys(fields).length)) setNotice({ kind: 'error', text: messageOf(e) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const createOrg = async () => {
    const name = org.name.trim();
    const done = await run(
      () =>
        call('org', 'createOrg', {
          parentId: parent?.id ?? '',
          kind: org.kind,
          name,
          enterpriseIds: org.kind === 'union' ? org.enterprises.map((e) => e.id) : [],
        }),
      `已新增${org.kind === 'union' ? '联合工会' : '联合会'}：${name}`,
      setOrgErrors,
    );
    if (done) setOrg({ ...org, name: '', enterprises: [] });
  };

  const grantRole = async () => {
    const social = grant.role === 'social_worker';
    const done = await run(
      () =>
        call('org', 'grantRole', {
          personId: grant.person?.personId,
          role: grant.role,
          orgId: grantOrg?.id ?? '',
          ...(social ? { agency: grant.agency.trim() || undefined, enterpriseIds: grant.enterprises.map((e) => e.id) } : {}),
        }),
      `已授予${grant.person?.name ?? ''}“${ROLE_LABEL[grant.role]}”`,
      setGrantErrors,
    );
    if (done) {
      setGrant({ ...grant, person: null, agency: '', enterprises: [] });
      setWho({ q: '', results: null });
    }
  };

  const revoke = async (s: Staff, g: Staff['grants'][number]) => {
    const { confirm } = await Taro.showModal({ title: '收回授权', content: `确定收回${s.name}在${g.orgName}的“${g.roleLabel}”权限？` });
    if (confirm)
      run(
        () => call('org', 'revokeRole', { uid: s.uid, role: g.role, orgId: g.orgId }),
        `已收回${s.name}的“${g.roleLabel}”`,
        () => undefined,
      );
  };

  const err = (errors: Record<string, string>, k: string) => (errors[k] ? <Text className='field-error'>{errors[k]}</Text> : null);

  return (
    <View className='page adm org-admin'>
      <PageTitle>组织与权限</PageTitle>
      {notice && (
        <View className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice'>
          {notice.text}
        </View>
      )}
      <View className='card' id='tree'>
        <SectionTitle>组织树</SectionTitle>
        {nodes.map((n) => (
          <View key={n.id} className={`tree-node ${n.kind === 'union' ? '' : 'tree-fed'}`} style={{ paddingLeft: `${(n.depth - minDepth) * 16}px` }}>
            <View className='row'>
              <View className='tree-head'>
                <Text className='tree-name'>
                  {n.depth > minDepth ? '└ ' : ''}
                  {n.name}
                </Text>
                {n.kind === 'union' ? <Tag plain>{n.kindLabel}</Tag> : <Tag type='info'>{n.kindLabel}</Tag>}
              </View>
              <Text className='muted tree-members'>会员 {n.members} 人</Text>
            </View>
            {n.kind !== 'union' && (
              <Text className='muted'>
                覆盖企业 {n.enterprises} 家，已建会 {n.enterprisesWithUnion} 家（{pct(n.enterprisesWithUnion, n.enterprises)}）
              </Text>
            )}
            {n.kind === 'union' && n.enterprises > 1 && <Text className='muted'>联合工会，覆盖 {n.enterprises} 家企业</Text>}
          </View>
        ))}
      </View>

      {canManage && parent && (
        <View className='card'>
          <SectionTitle>新增下级组织</SectionTitle>
          <View className='field'>
            <Text className='field-label'>上级组织</Text>
            <PickRow
              id='orgParent'
              title='选择上级组织'
              options={parents.map((p) => p.name)}
              index={Math.min(org.parentIndex, parents.length - 1)}
              onPick={(i) => setOrg({ ...org, parentIndex: i })}
            />
            {err(orgErrors, 'parentId')}
          </View>
          <View className='field'>
            <Text className='field-label'>组织类型</Text>
            <View>
              <Tap
                role='radio'
                pressed={org.kind === 'federation'}
                className={`adm-chip ${org.kind === 'federation' ? 'on' : ''}`}
                onTap={() => setOrg({ ...org, kind: 'federation' })}
              >
                工会联合会
              </Tap>
              <Tap
                role='radio'
                pressed={org.kind === 'union'}
                className={`adm-chip ${org.kind === 'union' ? 'on' : ''}`}
                onTap={() => setOrg({ ...org, kind: 'union' })}
              >
                联合工会
              </Tap>
            </View>
            <Text className='muted'>
              {org.kind === 'union' ? '联合工会覆盖若干家小微企业；单个企业独立建会请走“申请建会”流程。' : '区域或行业工会联合会，下面再建工会。'}
            </Text>
            {err(orgErrors, 'kind')}
          </View>
          <View className='field'>
            <Text className='field-label'>组织名称</Text>
            <Input
              className='field-input'
              id='orgName'
              nativeProps={{ 'aria-label': '组织名称' }}
              placeholder='如：星海高新区东区工会联合会'
              value={org.name}
              onInput={(e) => setOrg({ ...org, name: e.detail.value })}
            />
            {err(orgErrors, 'name')}
          </View>
          {org.kind === 'union' && (
            <View className='field'>
              <Text className='field-label'>覆盖企业（可不选；只列出{parent.name}范围内尚未建会的企业）</Text>
              {chips(org.enterprises, (id) => setOrg({ ...org, enterprises: org.enterprises.filter((e) => e.id !== id) }))}
              <EnterprisePicker
                id='orgEnterprises'
                value={null}
                browse
                accept={(e) => !e.hasUnion && e.handlingOrgId === parent.id && !org.enterprises.some((x) => x.id === e.id)}
                describe={() => '未建会'}
                onChange={(e) => e && !org.enterprises.some((x) => x.id === e.id) && setOrg({ ...org, enterprises: [...org.enterprises, e] })}
              />
              {err(orgErrors, 'enterpriseIds')}
            </View>
          )}
          <Button type='primary' block loading={busy} disabled={busy} onClick={createOrg}>
            新增组织
          </Button>
        </View>
      )}

      {staff && (
        <View className='card' id='staff'>
          <SectionTitle>工作人员与授权</SectionTitle>
          {staff.length === 0 && <Text className='muted'>暂无工作人员</Text>}
          {staff.map((s) => (
            <View key={s.uid} className='field staff'>
              <View className='tree-head'>
                <Text className='tree-name'>{s.name}</Text>
              </View>
              {s.grants.map((g) => (
                <View key={`${g.role}@${g.orgId}`} className='grant-row row'>
                  <View style={{ flex: 1 }}>
                    <Text>
                      {g.orgName} · {g.roleLabel}
                    </Text>
                    {(g.agency || g.enterpriseNames.length > 0) && (
                      <View className='muted'>
                        {g.agency ? `派遣机构：${g.agency}` : ''}
                        {g.enterpriseNames.length > 0 ? `${g.agency ? ' · ' : ''}分管企业：${g.enterpriseNames.join('、')}` : ''}
                      </View>
                    )}
                  </View>
                  {canManage && s.uid !== me && (
                    <Button size='small' fill='outline' type='danger' disabled={busy} onClick={() => revoke(s, g)}>
                      收回
                    </Button>
                  )}
                </View>
              ))}
            </View>
          ))}
        </View>
      )}

      {canManage && grantOrg && (
        <View className='card'>
          <SectionTitle>授权</SectionTitle>
          <View className='field'>
            <Text className='field-label'>被授权人</Text>
            {grant.person ? (
              <View className='picker-value row' id='grantPerson'>
                <View>
                  <Text>{grant.person.name}</Text>
                  <View className='muted'>{grant.person.detail}</View>
                </View>
                <Tap className='link adm-link' onTap={() => setGrant({ ...grant, person: null })}>
                  重选
                </Tap>
              </View>
            ) : (
              <View>
                <SearchBox
                  id='grantSearch'
                  placeholder='输入姓名查找本级及下级的会员和工作人员'
                  value={who.q}
                  onChange={(q) => setWho({ ...who, q })}
                  onSearch={findPeople}
                  a11y={inputNameProps('被授权人姓名')}
                  right={
                    <Button size='small' onClick={findPeople}>
                      查找
                    </Button>
                  }
                />
                {who.results?.length === 0 && <Text className='muted'>在您的管理范围内没有找到“{who.q.trim()}”</Text>}
                {who.results?.map((p) => (
                  <Tap key={p.personId} className='person-option' label={`选择${p.name}，${p.detail}`} onTap={() => setGrant({ ...grant, person: p })}>
                    <Text>{p.name}</Text>
                    <View className='muted'>{p.detail}</View>
                  </Tap>
                ))}
              </View>
            )}
            {err(grantErrors, 'personId')}
          </View>
          <View className='field'>
            <Text className='field-label'>角色</Text>
            <View>
              {GRANTABLE_ROLES.filter((r) => grantable.includes(r)).map((r) => (
                <Tap
                  key={r}
                  role='radio'
                  pressed={grant.role === r}
                  className={`adm-chip ${grant.role === r ? 'on' : ''}`}
                  onTap={() => setGrant({ ...grant, role: r })}
                >
                  {ROLE_LABEL[r]}
                </Tap>
              ))}
            </View>
            {err(grantErrors, 'role')}
          </View>
          <View className='field'>
            <Text className='field-label'>所在组织</Text>
            <PickRow
              id='grantOrg'
              title='选择所在组织'
              options={nodes.map((n) => `${n.name}（${n.kindLabel}）`)}
              index={Math.min(grant.orgIndex, nodes.length - 1)}
              onPick={(i) => setGrant({ ...grant, orgIndex: i })}
            />
            {err(grantErrors, 'orgId')}
          </View>
          {grant.role === 'social_worker' && (
            <View className='field'>
              <Text className='field-label'>派遣机构</Text>
              <Input
                className='field-input'
                id='grantAgency'
                nativeProps={{ 'aria-label': '派遣机构' }}
                placeholder='如：星海职工服务社'
                value={grant.agency}
                onInput={(e) => setGrant({ ...grant, agency: e.detail.value })}
              />
              {err(grantErrors, 'agency')}
            </View>
          )}
          {grant.role === 'social_worker' && (
            <View className='field'>
              <Text className='field-label'>分管企业（只列出{grantOrg.name}范围内的企业）</Text>
              {chips(grant.enterprises, (id) => setGrant({ ...grant, enterprises: grant.enterprises.filter((e) => e.id !== id) }))}
              <EnterprisePicker
                id='grantEnterprises'
                value={null}
                browse
                accept={(e) => under(e.handlingOrgId, grantOrg.id) && !grant.enterprises.some((x) => x.id === e.id)}
                describe={(e) => (e.hasUnion ? '已建会' : '未建会')}
                onChange={(e) => e && !grant.enterprises.some((x) => x.id === e.id) && setGrant({ ...grant, enterprises: [...grant.enterprises, e] })}
              />
              {err(grantErrors, 'enterpriseIds')}
            </View>
          )}
          <Button type='primary' block loading={busy} disabled={busy} onClick={grantRole}>
            授权
          </Button>
        </View>
      )}

      {workload && workload.length > 0 && (
        <View className='card' id='workload'>
          <SectionTitle>社会化工会工作者工作量</SectionTitle>
          <View className='table'>
            <View className='tr th'>
              <Text className='td'>工作者</Text>
              <Text className='td wide'>派遣机构 / 分管企业</Text>
              <Text className='td num'>待办</Text>
              <Text className='td num'>超时</Text>
            </View>
            {workload.map((w) => (
              <View key={`${w.uid}@${w.orgId}`} className='tr'>
                <Text className='td'>{w.name}</Text>
                <View className='td wide'>
                  <Text>{w.agency}</Text>
                  <View className='muted'>{w.enterprises.map((e) => e.name).join('、') || '未分配企业'}</View>
                </View>
                <Text className='td num'>{w.pendingApplications}</Text>
                <Text className='td num' style={w.overdueApplications ? { color: '#cf1322' } : {}}>
                  {w.overdueApplications}
                </Text>
              </View>
            ))}
          </View>
        </View>
      )}
    </View>
  );
}
