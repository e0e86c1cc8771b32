import { useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError, call, messageOf, newIdempotencyKey, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { PageState, useRemote } from '../../components/PageState';
import { formatDate } from '../../components/format';
import { FilePicker } from '../../components/FilePicker';
import { sizeLabel, type Uploaded } from '../../components/upload';
import { Heading, LinkArrow, PageTitle, Tappable } from '../../components/Tappable';
import { liveProps } from '../../components/a11y';
import { AreaField, issuesOf, without, yuan } from './ui';
import './aid.scss';

type Notice = Output<'aid', 'getNotice'>;
type Entry = Notice['entries'][number];
const MAX_FILES = 4;

/** 提出异议 on one entry of a notice: a reason (at least 5 characters) and up to 4 papers; the objector stays confidential. */
function ObjectionForm({ notice, entry, onDone, onCancel }: { notice: Notice; entry: Entry; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [files, setFiles] = useState<Uploaded[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const key = useRef(newIdempotencyKey());

  const submit = async () => {
    if (busy || uploading) return;
    setBusy(true);
    setFailure('');
    try {
      await call('aid', 'object', {
        idempotencyKey: key.current,
        noticeId: notice.id,
        applicationId: entry.applicationId,
        reason,
        fileIds: files.map((x) => x.id),
      });
      onDone();
    } catch (e) {
      const fields = issuesOf(e);
      setErrors(fields);
      // a message for the reason or the files shows there; any other (an objection to one's own aid, a closed window) here
      const shownAtField = Object.keys(fields).some((k) => k === 'reason' || k.startsWith('fileIds'));
      setFailure(e instanceof ApiError && e.code === 'VALIDATION' && shownAtField ? '' : messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='aid-editor' id='objection-form'>
      <Text className='card-title'>对“{entry.publicName}”提出异议</Text>
      <View className='notice notice-info'>您的姓名和联系方式只有核实异议的工会工作人员可见，不会告诉被公示人，也不会出现在公示中。</View>
      <AreaField
        id='objection-reason'
        label='异议原因'
        value={reason}
        onChange={(v) => (setReason(v), setErrors((prev) => without(prev, 'reason')))}
        error={errors.reason}
        placeholder='请写明您了解的情况，如家庭收入、财产与申报不符（至少5个字）'
      />
      <View className='field'>
        <Text className='field-label'>
          佐证材料（选填，最多{MAX_FILES}个，已选{files.length}个）
        </Text>
        {files.map((x) => (
          <View key={x.id} className='row aid-file-row'>
            <Text className='aid-file-name'>
              {x.name}（{sizeLabel(x.size)}）
            </Text>
            <Tappable inline className='link' label={`移除 ${x.name}`} onTap={() => setFiles((prev) => prev.filter((y) => y.id !== x.id))}>
              移除
            </Tappable>
          </View>
        ))}
        {files.length < MAX_FILES ? (
          <FilePicker
            id='objection-files'
            kind='files'
            label={files.length ? '继续添加材料' : '选择材料'}
            weappLabel='从聊天记录选择材料'
            onUploaded={(u) =>
              setFiles((prev) => {
                if (prev.length >= MAX_FILES) {
                  setErrors((e) => ({ ...e, fileIds: `佐证材料最多${MAX_FILES}个，多选的没有加入` }));
                  return prev;
                }
                return [...prev, u];
              })
            }
            onError={(message) => setErrors((prev) => (message ? { ...prev, fileIds: message } : without(prev, 'fileIds')))}
            onBusy={setUploading}
          />
        ) : null}
        {errors.fileIds ? <Text className='field-error'>{errors.fileIds}</Text> : null}
      </View>
      {failure ? <View className='notice notice-error'>{failure}</View> : null}
      <View className='btn-row'>
        <Button fill='outline' disabled={busy} onClick={onCancel}>
          取消
        </Button>
        <Button type='primary' loading={busy} disabled={uploading} onClick={submit}>
          提交异议
        </Button>
      </View>
    </View>
  );
}

function NoticeDetail({ id }: { id: string }) {
  const remote = useRemote(() => call('aid', 'getNotice', { noticeId: id }), [id]);
  const [objecting, setObjecting] = useState<string | null>(null);
  const [done, setDone] = useState('');
  return (
    <PageState remote={remote} rows={3}>
      {(n) => (
        <View>
          <View className='card' id='notice-head'>
            <View className='row'>
              <Text className='card-title aid-inline-title'>{n.title}</Text>
              <Tag type={n.status === 'open' ? 'warning' : 'default'}>{n.statusLabel}</Tag>
            </View>
            <Text className='aid-block'>{n.orgName}</Text>
            <Text className='aid-block muted' id='notice-period'>
              {n.periodText}
            </Text>
            <Text className='aid-block muted aid-hint'>
              名单已按规定处理：不显示身份证号、电话、住址和病情。对名单有异议的，可在公示期内实名提出，您的身份会被保密。
            </Text>
          </View>
          <View {...liveProps()}>{done ? <View className='notice notice-ok'>{done}</View> : null}</View>
          <View className='card' id='notice-entries'>
            <Heading level={2}>公示名单（{n.entries.length}人）</Heading>
            {n.entries.map((e) => (
              <View key={e.applicationId} className='aid-entry'>
                <View className='row'>
                  <Text className='aid-entry-name'>{e.publicName}</Text>
                  <Text className='muted'>{e.stateLabel}</Text>
                </View>
                <Text className='muted aid-block'>
                  {e.unionName}
                  {e.kindLabel ? ` · ${e.kindLabel}` : ''}
                  {e.amount !== null ? ` · ${yuan(e.amount)}` : ''}
                </Text>
                {objecting === e.applicationId ? (
                  <ObjectionForm
                    notice={n}
                    entry={e}
                    onCancel={() => setObjecting(null)}
                    onDone={() => {
                      setObjecting(null);
                      setDone(`已提交对“${e.publicName}”的异议。工会核实后会告诉您结果，可在“困难帮扶”里查看。`);
                      void remote.reload();
                    }}
                  />
                ) : e.mine ? (
                  <Text className='muted aid-hint'>这是您本人的帮扶，不能对自己提出异议。</Text>
                ) : (
                  n.canObject && (
                    <View className='aid-entry-action'>
                      <Button size='small' fill='outline' label={`对${e.publicName}提出异议`} onClick={() => (setObjecting(e.applicationId), setDone(''))}>
                        提出异议
                      </Button>
                    </View>
                  )
                )}
              </View>
            ))}
            {!n.canObject && n.status === 'open' && <Text className='muted aid-hint'>您不在这份公示的范围内，不能提出异议。</Text>}
          </View>
        </View>
      )}
    </PageState>
  );
}

function NoticeList() {
  const remote = useRemote(() => call('aid', 'notices', { includeArchived: false }), []);
  return (
    <PageState
      remote={remote}
      isEmpty={(d) => d.items.length === 0}
      empty={{ title: '目前没有正在公示的帮扶名单', description: '本会或上级工会发布公示后会出现在这里' }}
    >
      {(d) =>
        d.items.map((n) => (
          <Tappable key={n.id} role='link' className='card aid-list-item' onTap={() => void Taro.navigateTo({ url: `/pages/aid/notice?id=${n.id}` })}>
            <View className='row'>
              <Text className='aid-item-title'>{n.title}</Text>
              <LinkArrow />
            </View>
            <Text className='muted aid-block'>
              {n.orgName} · {n.entries.length}人 · 至 <Text className='nowrap'>{formatDate(n.closesAt)}</Text>
            </Text>
          </Tappable>
        ))
      }
    </PageState>
  );
}

/** 帮扶公示: one notice (?id=) with 提出异议 per entry, or the open notices of the worker's unions. */
export default function NoticePage() {
  const { params } = useRouter();
  return (
    <View className='page aid'>
      <PageTitle>帮扶公示</PageTitle>
      {params.id ? <NoticeDetail id={params.id} /> : <NoticeList />}
    </View>
  );
}
