/**
 * The household sub-table of the hardship file (一户一档): the members as rows (修改 / 删除 each) and
 * the form for one member. A member is saved as soon as its form is confirmed (the whole household
 * goes to the server, which checks each row and that nobody is already in another household's file);
 * the server's messages for that row show in its form.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { Health, Relation } from '../../../core/aid/machine';
import { HEALTH, HEALTH_LABEL, RELATIONS, RELATION_LABEL } from '../../../core/aid/machine';
import type { Input as ApiInput } from '../../api';
import { Button } from '../../components/nut';
import { Field } from '../../components/Field';
import { Choice, Tappable } from '../../components/Tappable';
import { InputField, num, text, without, yuan } from './ui';

export interface MemberDraft {
  name: string;
  relation: Relation | null;
  /** typed in this form; '' keeps the number already saved (only its masked form comes back) */
  idNumber: string;
  idMasked: string | null;
  birthYear: string;
  monthlyIncome: string;
  health: Health | null;
  schoolOrWork: string;
}

type MemberForm = NonNullable<ApiInput<'aid', 'saveFile'>['household']>[number];

export const emptyMember = (relation: Relation | null): MemberDraft => ({
  name: '',
  relation,
  idNumber: '',
  idMasked: null,
  birthYear: '',
  monthlyIncome: '',
  health: null,
  schoolOrWork: '',
});

/** A member as the server shows it, as a row to edit. */
export const memberFromView = (m: {
  name: string;
  relation: Relation;
  idNumberMasked: string;
  birthYear: number;
  monthlyIncome: number;
  health: Health;
  schoolOrWork: string;
}): MemberDraft => ({
  name: m.name,
  relation: m.relation,
  idNumber: '',
  idMasked: m.idNumberMasked || null,
  birthYear: text(m.birthYear),
  monthlyIncome: text(m.monthlyIncome),
  health: m.health,
  schoolOrWork: m.schoolOrWork,
});

/** What goes to the server (what is empty goes as missing, so the server names it). */
export const memberToForm = (m: MemberDraft): MemberForm => ({
  name: m.name,
  relation: m.relation as Relation,
  idNumber: m.idNumber.trim() ? m.idNumber.trim().toUpperCase() : null,
  birthYear: num(m.birthYear) as number,
  monthlyIncome: num(m.monthlyIncome) as number,
  health: m.health as Health,
  schoolOrWork: m.schoolOrWork,
});

export function HouseholdTable({
  rows,
  errors,
  onEdit,
  onRemove,
}: {
  rows: MemberDraft[];
  errors: Record<string, string>;
  onEdit: (i: number) => void;
  onRemove: (i: number) => void;
}) {
  if (!rows.length) return <Text className='muted aid-hint'>还没有填写家庭成员。请先填写您本人，再添加共同生活的家人。</Text>;
  return (
    <View className='aid-household' id='household-rows'>
      {rows.map((m, i) => {
        const rowError = Object.keys(errors).some((k) => k.startsWith(`household.${i}.`));
        return (
          <View key={i} className={`aid-member ${rowError ? 'aid-member-error' : ''}`} id={`member-${i}`}>
            <View className='row'>
              <Text className='aid-member-name'>
                {m.name || '（未填姓名）'}
                <Text className='muted'> · {m.relation ? RELATION_LABEL[m.relation] : '未选关系'}</Text>
              </Text>
              <View className='aid-member-actions'>
                <Tappable inline className='link' label={`修改 ${m.name || '该成员'}`} onTap={() => onEdit(i)}>
                  修改
                </Tappable>
                {m.relation !== 'self' && (
                  <Tappable inline className='link' label={`删除 ${m.name || '该成员'}`} onTap={() => onRemove(i)}>
                    删除
                  </Tappable>
                )}
              </View>
            </View>
            <Text className='muted aid-member-line'>
              {m.birthYear ? `${m.birthYear}年生` : '出生年份未填'} · 月收入{m.monthlyIncome ? yuan(Number(m.monthlyIncome)) : '未填'} ·{' '}
              {m.health ? HEALTH_LABEL[m.health] : '健康未填'}
              {m.schoolOrWork ? ` · ${m.schoolOrWork}` : ''}
            </Text>
            <Text className='muted aid-member-line'>身份证号：{m.idNumber ? '已填写，待保存' : (m.idMasked ?? '未填')}</Text>
            {rowError && <Text className='field-error'>这位成员的信息需要修改，请点“修改”查看</Text>}
          </View>
        );
      })}
    </View>
  );
}

/** The form for one member; `errors` are this row's, keyed by field (`name`, `idNumber`…). */
export function MemberEditor({
  initial,
  isNew,
  hasSelf,
  errors: given,
  round,
  busy,
  problem,
  onSave,
  onCancel,
}: {
  initial: MemberDraft;
  isNew: boolean;
  hasSelf: boolean;
  errors: Record<string, string>;
  /** counts the refused saves: the same message again is shown again */
  round: number;
  busy: boolean;
  /** why the last save of this member was refused, when it is not about one of its fields (a consent) */
  problem?: string;
  onSave: (m: MemberDraft) => void;
  onCancel: () => void;
}) {
  const [m, setM] = useState(initial);
  const [errors, setErrors] = useState(given);
  const givenSig = `${round}:${JSON.stringify(given)}`;
  const [seen, setSeen] = useState(givenSig);
  if (seen !== givenSig) {
    // a refused save's messages for this row (by the save's number: the parent builds a new object each render)
    setSeen(givenSig);
    setErrors(given);
  }
  const set = <K extends keyof MemberDraft>(k: K, v: MemberDraft[K]) => {
    setM((prev) => ({ ...prev, [k]: v }));
    setErrors((prev) => without(prev, k));
  };
  // the applicant is the one 本人 row: another member cannot take that relation
  const relations = RELATIONS.filter((r) => r !== 'self' || initial.relation === 'self' || !hasSelf).map((r) => [r, RELATION_LABEL[r]] as const);
  return (
    <View className='aid-editor' id='member-editor'>
      <Text className='card-title'>{isNew ? '添加家庭成员' : `修改 ${initial.name || '家庭成员'}`}</Text>
      <InputField id='m-name' label='姓名' value={m.name} onChange={(v) => set('name', v)} error={errors.name} maxlength={20} />
      <Field id='m-relation' label='与申请人关系' error={errors.relation}>
        <View className='aid-wrap'>
          <Choice
            id='m-relation'
            label='与申请人关系'
            options={relations}
            value={m.relation}
            onChange={(v) => set('relation', v)}
            invalid={Boolean(errors.relation)}
          />
        </View>
      </Field>
      {m.relation === 'self' ? (
        <Field id='m-idNumber' label='身份证号'>
          <Text className='muted'>以您入会登记的身份证为准，无需填写</Text>
        </Field>
      ) : (
        <InputField
          id='m-idNumber'
          label='身份证号'
          type='idcard'
          maxlength={18}
          value={m.idNumber}
          onChange={(v) => {
            set('idNumber', v);
            // an 18-digit ID number carries the birth year (characters 7–10): fill it in when still empty
            if (/^\d{17}[\dXx]$/.test(v.trim()) && !m.birthYear.trim()) set('birthYear', v.trim().slice(6, 10));
          }}
          error={errors.idNumber}
          placeholder={m.idMasked ? `已保存 ${m.idMasked}，不修改可不填` : '18位身份证号'}
          hint='年满16周岁的须填写；年龄更小、暂无身份证的可不填。出生年份会按身份证号自动填写。'
        />
      )}
      <InputField
        id='m-birthYear'
        label='出生年份'
        type='number'
        maxlength={4}
        value={m.birthYear}
        onChange={(v) => set('birthYear', v)}
        error={errors.birthYear}
        placeholder='如 1985'
      />
      <InputField
        id='m-monthlyIncome'
        label='月收入（元）'
        type='number'
        value={m.monthlyIncome}
        onChange={(v) => set('monthlyIncome', v)}
        error={errors.monthlyIncome}
        placeholder='没有收入填 0'
      />
      <Field id='m-health' label='健康状况' error={errors.health}>
        <Choice
          id='m-health'
          label='健康状况'
          options={HEALTH.map((h) => [h, HEALTH_LABEL[h]] as const)}
          value={m.health}
          onChange={(v) => set('health', v)}
          invalid={Boolean(errors.health)}
        />
      </Field>
      <InputField
        id='m-schoolOrWork'
        label='工作单位或学校（选填）'
        value={m.schoolOrWork}
        onChange={(v) => set('schoolOrWork', v)}
        error={errors.schoolOrWork}
        maxlength={40}
        placeholder='上学的填学校，工作的填单位'
      />
      {problem ? <View className='notice notice-error'>{problem}</View> : null}
      <View className='btn-row'>
        <Button fill='outline' disabled={busy} onClick={onCancel}>
          取消
        </Button>
        <Button type='primary' loading={busy} onClick={() => onSave(m)}>
          保存此成员
        </Button>
      </View>
    </View>
  );
}
