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

export const idempotencyKey = z.string({ error: '缺少请求编号' }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '请求编号格式不正确' });

export const docId = z.string({ error: '缺少编号' }).min(1, { error: '缺少编号' }).max(128);

export const pageLimit = z.number().int().min(1).max(100).default(20);
/** A page cursor as the store wrote it (base64url); what it decodes to is checked by the adapter (adapters/paths.ts). */
export const cursor = z
  .string()
  .max(2000)
  .regex(/^[A-Za-z0-9_-]*$/, { error: '分页参数无效，请刷新后重试' })
  .nullish();

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Text that is valid Unicode (no unpaired surrogate: such a string cannot be URL-encoded or stored as UTF-8 as it is). */
export const isWellFormedText = (text: string): boolean => !LONE_SURROGATE.test(text);

/**
 * The path of the first string (value or key) in `value` that is not well-formed text, else null.
 * Iterative, so any depth of nesting is walked without recursion.
 */
export function findMalformedText(value: unknown): Array<string | number> | null {
  const stack: Array<[unknown, Array<string | number>]> = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isWellFormedText(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], [...path, i]]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (!isWellFormedText(k)) return [...path, k];
        stack.push([child, [...path, k]]);
      }
    }
  }
  return null;
}

/** epoch milliseconds */
export const timestamp = z.number().int();
