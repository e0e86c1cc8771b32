/** Field schemas shared by contexts, with the Chinese messages a person sees next to the field. */
import { z } from 'zod';
import { checkIdNumber, ID_NUMBER_MESSAGES, normalizeIdNumber } from './idNumber';

export const personName = z
  .string({ error: '请填写姓名' })
  .trim()
  .min(2, { error: '请填写真实姓名（至少2个字）' })
  .max(20, { error: '姓名不能超过20个字' })
  .regex(/^[\u4e00-\u9fa5·]+$|^[A-Za-z][A-Za-z .·-]*$/, { error: '姓名只能包含汉字或英文字母' });

export const idNumber = z
  .string({ error: '请填写身份证号' })
  .transform(normalizeIdNumber)
  .superRefine((value, ctx) => {
    const problem = checkIdNumber(value);
    if (problem) ctx.addIssue({ code: 'custom', message: ID_NUMBER_MESSAGES[problem] });
  });

export const mobile = z
  .string({ error: '请填写手机号' })
  .trim()
  .regex(/^1[3-9]\d{9}$/, { error: '请填写11位中国大陆手机号' });

export const idempotencyKey = z
  .string({ error: '缺少请求编号' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '请求编号格式不正确' });

export const docId = z.string({ error: '缺少编号' }).min(1, { error: '缺少编号' }).max(128);

export const pageLimit = z.number().int().min(1).max(100).default(20);
export const cursor = z.string().max(2000).nullish();

/** epoch milliseconds */
export const timestamp = z.number().int();
