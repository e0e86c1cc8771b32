/** Message kinds → subscribe-message templates, within WeChat's field rules. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIELD_SCHEMAS, KINDS, MOMENTS, TEMPLATES, normalizeField, render, truncate, wechatTime, type MessageFacts, type TemplateConfig } from './templates';
import { loadTemplateConfig } from '../../config/notify';

const NOW = Date.UTC(2026, 10, 24, 2, 0, 0); // 10:00 Asia/Shanghai
const configured: TemplateConfig = loadTemplateConfig({}, { placeholders: true });
const msg = (template: string, fields?: Record<string, string | number>, over: Partial<MessageFacts> = {}): MessageFacts => ({
  template,
  title: '标题',
  body: '正文',
  createdAt: NOW,
  fields,
  ...over,
});

describe('field types', () => {
  it('cuts a thing to 20 characters with an ellipsis, and leaves 20 alone', () => {
    // Given a text of 25 Chinese characters and one of exactly 20
    const long = '星海高新区工会联合会职工羽毛球友谊赛第二轮预选赛';
    const twenty = '一二三四五六七八九十一二三四五六七八九十';
    // When each becomes a thing field
    // Then the long one is 19 characters and an ellipsis; the other is unchanged
    expect(Array.from(normalizeField('thing', long))).toHaveLength(20);
    expect(normalizeField('thing', long).endsWith('…')).toBe(true);
    expect(normalizeField('thing', twenty)).toBe(twenty);
    expect(truncate('  多个\n空白   合并 ', 20)).toBe('多个 空白 合并');
    expect(FIELD_SCHEMAS.thing.safeParse(normalizeField('thing', long)).success).toBe(true);
    expect(FIELD_SCHEMAS.thing.safeParse(long).success).toBe(false);
  });

  it('accepts a phrase of at most 5 Chinese characters only', () => {
    for (const ok of ['已通过', '待补充材料', '候补成功']) expect(FIELD_SCHEMAS.phrase.safeParse(ok).success).toBe(true);
    for (const bad of ['已经通过了吗', 'OK', '已通过!', '']) expect(FIELD_SCHEMAS.phrase.safeParse(bad).success).toBe(false);
  });

  it('writes times in Asia/Shanghai as WeChat shows them', () => {
    expect(wechatTime(NOW)).toBe('2026年11月24日 10:00');
    expect(normalizeField('time', NOW)).toBe('2026年11月24日 10:00');
    expect(normalizeField('date', NOW)).toBe('2026年11月24日');
    expect(FIELD_SCHEMAS.time.safeParse('明天上午').success).toBe(false);
  });

  it('checks character_string, number and name', () => {
    expect(FIELD_SCHEMAS.character_string.safeParse('GH2611240001').success).toBe(true);
    expect(FIELD_SCHEMAS.character_string.safeParse('x'.repeat(33)).success).toBe(false);
    expect(FIELD_SCHEMAS.character_string.safeParse('会员编号').success).toBe(false);
    expect(FIELD_SCHEMAS.number.safeParse('120.5').success).toBe(true);
    expect(FIELD_SCHEMAS.number.safeParse('十二').success).toBe(false);
    expect(FIELD_SCHEMAS.name.safeParse('王小明').success).toBe(true);
    expect(FIELD_SCHEMAS.name.safeParse('王*明').success).toBe(false);
    expect(FIELD_SCHEMAS.name.safeParse('欧阳一二三四五六七八九').success).toBe(false);
  });
});

describe('kinds and templates', () => {
  it('maps every kind the use cases enqueue', () => {
    // Given every `template: '…'` in the contexts' use cases (and transfer's transfer_${status})
    const kinds = new Set<string>(['transfer_accepted', 'transfer_refused', 'transfer_cancelled']);
    for (const ctx of ['member', 'activity', 'founding', 'transfer', 'aid', 'scholarship']) {
      const dir = join(__dirname, '..', ctx);
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts'))) {
        for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/template: '([a-z_]+)'/g)) kinds.add(m[1]);
      }
    }
    // Then each has a mapping to one of our templates
    expect(kinds.size).toBeGreaterThanOrEqual(23);
    for (const k of kinds) expect([k, KINDS[k]?.template in TEMPLATES]).toEqual([k, true]);
  });

  it('renders every kind within the limits from what its callers give', () => {
    const samples: Record<string, Record<string, string | number>> = {
      join_submitted: { applicant: '王*明', note: '星海精密制造有限公司，3个工作日内处理' },
      join_resubmitted: { applicant: '王*明' },
      join_overdue: { applicant: '王*明', note: '星海精密制造工会超时，请督办' },
      join_decision: { result: '待补充材料', note: '请补充劳动合同首页的照片，并写明现在的岗位与工号' },
      waitlist_promoted: { activity: '职工羽毛球友谊赛', startAt: NOW + 86400_000 },
      waitlist_closed: { activity: '职工羽毛球友谊赛', startAt: NOW + 86400_000 },
      activity_reminder: { activity: '职工羽毛球友谊赛（园区联赛第二轮）', startAt: NOW + 3600_000, place: '星海体育中心三号馆' },
      activity_cancelled: { activity: '职工羽毛球友谊赛', startAt: NOW + 86400_000, reason: '场馆检修' },
      founding_todo: { applicant: '星海云数科技有限公司', note: '待联合会审核筹备' },
      founding_progress: { item: '星海云数科技有限公司建会', status: '筹备中：待召开会员大会', note: '同意筹备' },
      founding_established: { note: '星海云数科技有限公司工会已批复成立' },
      founding_overdue: { applicant: '星海云数科技有限公司' },
      transfer_out: { applicant: '李*', note: '转往星海云数科技有限公司' },
      transfer_in: { applicant: '李*', note: '来自星海精密制造工会' },
      transfer_voucher: { note: '凭证号 ZJ2611240001' },
      transfer_accepted: { note: '已转入星海云数科技有限公司工会' },
      transfer_refused: { note: '不在本单位任职' },
      transfer_cancelled: { note: '您仍是星海精密制造工会的会员' },
      aid_todo: { applicant: '李*', note: '待工会入户调查复核' },
      aid_overdue: { applicant: '李*', note: '待星海精密制造工会处理，已超期' },
      aid_withdrawn: { applicant: '李*', note: '申请人已撤回' },
      aid_progress: { item: '意外致困救助申请', status: '审批同意，金额超过本级权限，报上级工会审批', note: '审批同意，金额超过本级权限，报上级工会审批' },
      case_todo: { item: '集体欠薪案件待签收', applicant: '李*', note: '136名职工，约70万元，请立即签收' },
      case_overdue: { applicant: '李*', note: '待周律师签收，已超期' },
      case_progress: { item: '拖欠工资投诉', status: '已分派，待签收', note: '已派给驻点律师周律师办理' },
      scholarship_todo: { item: '2026年星海高新区金秋助学活动', note: '2026年金秋助学活动开始申报，截止8月14日，逾期不予受理。' },
    };
    expect(Object.keys(samples).sort()).toEqual(Object.keys(KINDS).sort());
    for (const [kind, fields] of Object.entries(samples)) {
      const r = render(msg(kind, fields), configured);
      if (!r.ok) throw new Error(`${kind}: ${JSON.stringify(r)}`);
      expect(Object.keys(r.data).sort()).toEqual(Object.values(configured[r.template].keys).sort());
      for (const [key, { value }] of Object.entries(r.data)) {
        const type = key.replace(/\d+$/, '') as keyof typeof FIELD_SCHEMAS;
        expect([kind, key, FIELD_SCHEMAS[type].safeParse(value).success]).toEqual([kind, key, true]);
      }
    }
  });

  it('falls back to the message text when a caller gives no fields (messages from before)', () => {
    const r = render(msg('join_submitted', undefined, { body: '王小明（星海精密制造有限公司）提交了入会申请，请在3个工作日内处理。' }), configured);
    expect(r.ok && r.data).toMatchObject({ thing1: { value: '入会申请待审核' }, thing2: { value: '详见小程序' }, time3: { value: '2026年11月24日 10:00' } });
    expect(r.ok && Array.from(r.data.thing4.value)).toHaveLength(20);
  });

  it('does not send a kind whose template has no id, and refuses a field WeChat would refuse', () => {
    // Given no template ids at all
    const none = loadTemplateConfig({});
    // Then a decision is not sent through WeChat
    expect(render(msg('join_decision', { result: '已通过' }), none)).toEqual({ ok: false, reason: 'no_template', template: 'review' });
    // Given a result that is no phrase (6 characters)
    const bad = render(msg('join_decision', { result: '申请已经通过' }), configured);
    // Then it is a bad field, with the reason, not a message WeChat answers 47003 to
    expect(bad).toMatchObject({ ok: false, reason: 'bad_field', template: 'review' });
    expect(!bad.ok && bad.reason === 'bad_field' && bad.issues[0]).toMatch(/phrase/);
    expect(render(msg('no_such_kind'), configured)).toEqual({ ok: false, reason: 'unknown_kind' });
  });

  it('takes ids from the environment over the file, and keys from the file, checked against the field types', () => {
    const c = loadTemplateConfig(
      { WX_TEMPLATE_REVIEW: 'tmplReview123' },
      { file: { templates: { review: { templateId: 'fromFile', keys: { item: 'thing7' } } } } },
    );
    expect(c.review).toEqual({ templateId: 'tmplReview123', keys: { item: 'thing7', result: 'phrase2', time: 'time3', note: 'thing4' } });
    expect(c.todo.templateId).toBe('');
    expect(() => loadTemplateConfig({}, { file: { templates: { review: { keys: { result: 'thing2' } } } } })).toThrow(/phrase/);
    expect(() => loadTemplateConfig({}, { file: { templates: { nonsense: {} } } })).toThrow();
  });

  it('asks for at most 3 templates at each moment', () => {
    for (const [moment, names] of Object.entries(MOMENTS)) expect([moment, names.length <= 3]).toEqual([moment, true]);
  });
});
