import { useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { AidKind, AttachmentKind } from '../../../core/aid/machine';
import { AID_KINDS, AID_KIND_LABEL, KIND_ATTACHMENTS, RELATION_LABEL } from '../../../core/aid/machine';
import { ApiError, call, messageOf, newIdempotencyKey, type Output } from '../../api';
import { Button } from '../../components/nut';
import { Field } from '../../components/Field';
import { PageState } from '../../components/PageState';
import { Choice, Heading, PageTitle } from '../../components/Tappable';
import { useConfirm } from '../../components/confirm';
import { useLoadOn } from '../../components/useLoadOn';
import { liveProps } from '../../components/a11y';
import { AreaField, AttachmentChecklist, InputField, issuesOf, num, text, without, type Attached } from './ui';
import './aid.scss';

type App = Output<'aid', 'getApplication'>;
type FileView = NonNullable<Output<'aid', 'myFile'>['file']>;

/** the form's own fields: a server message on any other path is about the file (去补正 there) */
const FORM_KEYS = ['kind', 'reason', 'requestedAmount', 'outOfPocket', 'student', 'attachments'];
const isFormKey = (k: string) => FORM_KEYS.some((f) => k === f || k.startsWith(`${f}.`));

/**
 * 申请帮扶: the kind, the reason, the amount asked for (and the out-of-pocket cost for medical aid, the
 * student for study aid), the kind's papers; saved as a draft, then submitted once (asked once, with
 * what happens next). Opened with ?id= for a draft or an application sent back for correction.
 */
export default function Apply() {
  const { params } = useRouter();
  const [file, setFile] = useState<FileView | null>(null);
  const [app, setApp] = useState<App | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [kind, setKind] = useState<AidKind | null>((AID_KINDS as readonly string[]).includes(params.kind ?? '') ? (params.kind as AidKind) : null);
  const [f, setF] = useState({ reason: '', requestedAmount: '', outOfPocket: '', school: '', grade: '' });
  const [student, setStudent] = useState<number | null>(null);
  const [attachments, setAttachments] = useState<Attached[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const key = useRef(newIdempotencyKey());
  const { confirm, confirmUi } = useConfirm();

  const adopt = (a: App) => {
    setApp(a);
    setKind(a.kind);
    setF({
      reason: a.reason,
      requestedAmount: a.requestedAmount ? text(a.requestedAmount) : '',
      outOfPocket: text(a.outOfPocket),
      school: a.student?.school ?? '',
      grade: a.student?.grade ?? '',
    });
    setAttachments(a.attachments.map((x) => ({ kind: x.kind, fileId: x.file.id, name: x.file.name, size: x.file.size })));
  };

  const load = async () => {
    try {
      const [mine, a] = await Promise.all([call('aid', 'myFile', {}), params.id ? call('aid', 'getApplication', { applicationId: params.id }) : null]);
      setFile(mine.file);
      if (a) {
        adopt(a);
        // the student is named in the view; find them in the household again
        if (a.student && mine.file) {
          const i = mine.file.household.findIndex((m) => m.name === a.student!.name);
          setStudent(i >= 0 ? i : null);
        }
      }
      setFailure(null);
      setLoaded(true);
    } catch (e) {
      setFailure(e);
    }
  };
  useLoadOn(load, [params.id]);

  const set = (k: keyof typeof f, path: string) => (v: string) => {
    setF((prev) => ({ ...prev, [k]: v }));
    setErrors((prev) => without(prev, path));
    setNotice(null);
  };

  const form = () => {
    const needs = kind ? KIND_ATTACHMENTS[kind] : [];
    return {
      idempotencyKey: key.current,
      applicationId: app?.id ?? null,
      kind: kind as AidKind,
      reason: f.reason,
      requestedAmount: num(f.requestedAmount) as number,
      outOfPocket: kind === 'medical' ? (num(f.outOfPocket) as number) : null,
      student: kind === 'study' ? { memberIndex: student ?? -1, school: f.school, grade: f.grade } : null,
      // only the papers this kind asks for (and 其他材料): a kind changed leaves no stray papers behind
      attachments: attachments.filter((a) => needs.includes(a.kind) || a.kind === 'other').map((a) => ({ kind: a.kind, fileId: a.fileId })),
      version: app?.version ?? null,
    };
  };

  /** saves the draft; the saved application, or null with the messages shown */
  const saveDraft = async (): Promise<App | null> => {
    try {
      const a = await call('aid', 'saveApplication', form());
      setApp(a);
      setErrors({});
      return a;
    } catch (e) {
      const fields = issuesOf(e);
      if (fields['student.memberIndex']) fields.student = fields['student.memberIndex'];
      setErrors(fields);
      setNotice({
        kind: 'error',
        text: e instanceof ApiError && e.code === 'VALIDATION' && Object.keys(fields).length ? '请按提示修改标红的项目' : messageOf(e),
      });
      return null;
    }
  };

  const onSave = async () => {
    if (busy || uploading) return;
    setBusy(true);
    setNotice(null);
    const a = await saveDraft();
    if (a) setNotice({ kind: 'ok', text: '草稿已保存，可以随时回来继续填写' });
    setBusy(false);
  };

  const onSubmit = async () => {
    if (busy || uploading) return;
    const union = file?.orgName ?? '所在工会';
    const ok = await confirm({
      title: app?.status === 'returned' ? '补正后重新提交？' : '提交帮扶申请？',
      message: `提交后由${union}初审，再经入户调查复核和联合会审批，每一步的进度都会通知您。审核期间不能修改内容，如需修改可以先撤回。`,
      confirmText: '确认提交',
      cancelText: '再检查一下',
    });
    if (!ok) return;
    setBusy(true);
    setNotice(null);
    try {
      const draft = await saveDraft();
      if (!draft) return;
      const done = await call('aid', 'submitApplication', { applicationId: draft.id, version: draft.version });
      key.current = newIdempotencyKey();
      void Taro.redirectTo({ url: `/pages/aid/application?id=${done.id}&submitted=1` });
    } catch (e) {
      const fields = issuesOf(e);
      setErrors(fields);
      setNotice({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  if (!loaded)
    return (
      <View className='page aid'>
        <PageTitle>申请帮扶</PageTitle>
        <PageState loading={!failure} error={failure} onRetry={() => (setFailure(null), void load())} rows={3}>
          {null}
        </PageState>
      </View>
    );

  if (!file)
    return (
      <View className='page aid'>
        <PageTitle>申请帮扶</PageTitle>
        <PageState
          loading={false}
          isEmpty
          empty={{
            title: '请先建立困难职工档案',
            description: '帮扶实行“先建档、后帮扶”：填写家庭成员、收入和证明材料后再申请。',
            action: { text: '去建档', onTap: () => void Taro.redirectTo({ url: '/pages/aid/file' }) },
          }}
        >
          {null}
        </PageState>
      </View>
    );

  const editable = !app || app.workerActions.some((w) => w.key === 'edit' || w.key === 'submit' || w.key === 'resubmit');
  if (!editable)
    return (
      <View className='page aid'>
        <PageTitle>申请帮扶</PageTitle>
        <View className='card'>
          <Text className='card-title'>
            {app.kindLabel} · {app.statusLabel}
          </Text>
          <Text className='muted aid-block'>{app.waitingText ?? '这份申请现在不能修改。'}</Text>
          <Button type='primary' block onClick={() => void Taro.redirectTo({ url: `/pages/aid/application?id=${app.id}` })}>
            查看申请进度
          </Button>
        </View>
      </View>
    );

  const needs: readonly AttachmentKind[] = kind ? KIND_ATTACHMENTS[kind] : [];
  // `attachments.<kind>`: this kind's papers are asked for here, the others (ID, 户口簿…) in the file
  const kindPaper = (k: string) => k === 'attachments' || needs.some((n) => k === `attachments.${n}`);
  const fileIssues = Object.entries(errors).filter(([k]) => !isFormKey(k) || (k.startsWith('attachments.') && !kindPaper(k)));
  const paperError = Object.entries(errors).find(([k]) => kindPaper(k))?.[1];
  const students = file.household.map((m, i) => ({ m, i })).filter(({ m }) => m.relation !== 'self');

  return (
    <View className='page aid'>
      <PageTitle>{app?.status === 'returned' ? '补正帮扶申请' : '申请帮扶'}</PageTitle>
      {confirmUi}
      {app?.status === 'returned' && app.missing.length > 0 && (
        <View className='notice notice-error' id='returned-missing'>
          <Text className='aid-block'>工会退回补正，请补充：</Text>
          {app.missing.map((m, i) => (
            <Text key={i} className='aid-block'>
              · {m}
            </Text>
          ))}
        </View>
      )}
      {file.missing.length > 0 && (
        <View className='notice notice-info' id='apply-file-missing'>
          <Text className='aid-block'>档案还缺 {file.missing.length} 项，补齐后才能提交（可以先保存草稿）：</Text>
          {file.missing.map((m, i) => (
            <Text key={i} className='aid-block'>
              · {m.message}
            </Text>
          ))}
          <Button size='small' fill='outline' onClick={() => void Taro.navigateTo({ url: '/pages/aid/file' })}>
            去补正档案
          </Button>
        </View>
      )}
      <View className='card'>
        <Field id='kind' label='帮扶类别' error={errors.kind}>
          <View className='aid-wrap aid-wrap-2'>
            <Choice
              id='kind'
              label='帮扶类别'
              options={AID_KINDS.map((k) => [k, AID_KIND_LABEL[k]] as const)}
              value={kind}
              onChange={(k) => (setKind(k), setErrors((prev) => without(without(prev, 'kind'), 'attachments')), setNotice(null))}
              invalid={Boolean(errors.kind)}
            />
          </View>
        </Field>
        <AreaField
          id='reason'
          label='申请事由'
          value={f.reason}
          onChange={set('reason', 'reason')}
          error={errors.reason}
          placeholder='说明申请帮扶的原因和用途，如住院治疗、孩子入学（500字以内）'
        />
        <InputField
          id='requestedAmount'
          label='申请金额（元）'
          type='number'
          value={f.requestedAmount}
          onChange={set('requestedAmount', 'requestedAmount')}
          error={errors.requestedAmount}
          placeholder='整数元'
          hint='最终金额由联合会按帮扶政策的上限和资金情况核定。'
        />
        {kind === 'medical' && (
          <InputField
            id='outOfPocket'
            label='自付医疗费用（元）'
            type='number'
            value={f.outOfPocket}
            onChange={set('outOfPocket', 'outOfPocket')}
            error={errors.outOfPocket}
            placeholder='医保报销后个人负担的部分'
          />
        )}
        {kind === 'study' && (
          <View id='student'>
            <Field id='student-member' label='上学的子女' error={errors.student}>
              {students.length ? (
                <View className='aid-wrap aid-wrap-2'>
                  <Choice
                    id='student-member'
                    label='上学的子女'
                    options={students.map(({ m, i }) => [String(i), `${m.name}（${RELATION_LABEL[m.relation]}）`] as const)}
                    value={student === null ? null : String(student)}
                    onChange={(v) => (setStudent(Number(v)), setErrors((prev) => without(prev, 'student')))}
                    invalid={Boolean(errors.student)}
                  />
                </View>
              ) : (
                <Text className='muted aid-hint'>档案里还没有其他家庭成员，请先在档案中添加上学的子女。</Text>
              )}
            </Field>
            <InputField id='school' label='学校' value={f.school} onChange={set('school', 'student.school')} error={errors['student.school']} maxlength={40} />
            <InputField
              id='grade'
              label='年级'
              value={f.grade}
              onChange={set('grade', 'student.grade')}
              error={errors['student.grade']}
              maxlength={20}
              placeholder='如 大一、高二'
            />
          </View>
        )}
      </View>
      {kind && (
        <View className='card' id='apply-attachments'>
          <Heading level={2}>{AID_KIND_LABEL[kind]}需要的材料</Heading>
          <AttachmentChecklist
            id='app-attach'
            required={needs}
            optional={['other']}
            items={attachments.filter((a) => needs.includes(a.kind) || a.kind === 'other')}
            onChange={(u) => (setAttachments(u), setErrors((prev) => without(prev, 'attachments')))}
            error={paperError}
            onError={(message) => setErrors((prev) => (message ? { ...prev, attachments: message } : without(prev, 'attachments')))}
            onBusy={setUploading}
          />
        </View>
      )}
      <View {...liveProps()}>
        {notice && (
          <View className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='apply-notice'>
            {notice.text}
          </View>
        )}
        {fileIssues.length > 0 && (
          <View className='notice notice-error' id='apply-file-issues'>
            {fileIssues.map(([k, m]) => (
              <Text key={k} className='aid-block'>
                · {m}
              </Text>
            ))}
            <Button size='small' fill='outline' onClick={() => void Taro.navigateTo({ url: '/pages/aid/file' })}>
              去补正档案
            </Button>
          </View>
        )}
      </View>
      <View className='btn-row'>
        <Button fill='outline' loading={busy} disabled={uploading} onClick={onSave}>
          保存草稿
        </Button>
        <Button type='primary' disabled={busy || uploading} onClick={onSubmit}>
          {app?.status === 'returned' ? '重新提交' : '提交申请'}
        </Button>
      </View>
    </View>
  );
}
