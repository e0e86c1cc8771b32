/**
 * Typed action contracts (trpc-style): each bounded context declares its actions once — input and
 * output zod schemas, who may call them, a summary — and the cloud function, the local gateway, the
 * mini-program client and the generated API reference all derive from that one declaration.
 */
import type { z } from 'zod';

/**
 * Who may call an action. Org scope (an officer acts only inside their org and its subtree) is
 * checked by the use case, which knows the target's org.
 *   anonymous          anyone, even without login
 *   worker             any signed-in WeChat user (member or not)
 *   member             a worker with an active membership
 *   union_officer      enterprise union officer (企业工会干部)
 *   federation_officer federation officer (工会联合会干部), scope = the federation's subtree
 *   lawyer             on-site lawyer (驻点律师) placed with an org
 *   social_worker      social union worker (社会化工会工作者), assigned enterprises in an org's scope
 *   finance_officer    finance officer (财务人员) of a federation: pays approved aid from the payment roster
 *   admin              system admin (all orgs)
 *   system             timer triggers and internal jobs, never a person
 */
export const ROLES = [
  'anonymous',
  'worker',
  'member',
  'union_officer',
  'federation_officer',
  'lawyer',
  'social_worker',
  'finance_officer',
  'admin',
  'system',
] as const;
export type Role = (typeof ROLES)[number];

export interface ActionContract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  roles: readonly Role[];
  input: I;
  output: O;
}

export type Contract = Record<string, ActionContract>;

export type ActionInput<A extends ActionContract> = z.input<A['input']>;
export type ActionOutput<A extends ActionContract> = z.output<A['output']>;
