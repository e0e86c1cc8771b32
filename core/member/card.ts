/**
 * The electronic member card (电子会员卡): a short-lived code signed by the server, which an officer's
 * scan verifies offline of the member (forged, edited, expired or lapsed cards fail).
 */
import { AppError } from '../shared/errors';
import type { SignedInCaller } from '../shared/caller';
import type { ActionOutput } from '../shared/contract';
import type { Dependencies } from '../shared/ports';
import { mask } from '../shared/mask';
import { findMember } from './membership';
import type { CardView, MemberInput, memberContract } from './contract';
import { MEMBERS, type MemberDoc } from './model';
import { toMemberView } from './views';

const CARD_PREFIX = 'UC1';

export async function myCard(deps: Dependencies, caller: SignedInCaller): Promise<Omit<CardView, 'qrDataUrl'>> {
  const uid = caller.uid;
  const member = await findMember(deps, uid);
  if (!member) throw new AppError('FORBIDDEN', '您还不是工会会员，入会申请通过后即可使用电子会员卡。', undefined, { next: 'join' });
  const ttl = deps.config.cardQrTtlSeconds;
  const expiresAt = deps.clock.now() + ttl * 1000;
  const payload = `${CARD_PREFIX}.${member._id}.${expiresAt}`;
  return { ...toMemberView(deps, member), code: `${payload}.${deps.crypto.sign(payload)}`, expiresAt, ttlSeconds: ttl };
}

export async function verifyCard(deps: Dependencies, input: MemberInput<'verifyCard'>): Promise<ActionOutput<(typeof memberContract)['verifyCard']>> {
  const invalid = () => new AppError('CARD_INVALID', '会员卡二维码无效：可能是伪造、截图被改动或不是本平台的会员卡。');
  const parts = input.code.split('.');
  if (parts.length !== 4 || parts[0] !== CARD_PREFIX || !/^\d+$/.test(parts[2])) throw invalid();
  const payload = parts.slice(0, 3).join('.');
  if (!deps.crypto.verify(payload, parts[3])) throw invalid();
  if (Number(parts[2]) < deps.clock.now()) {
    throw new AppError('CARD_EXPIRED', '会员卡二维码已过期，请会员在手机上刷新后重新出示。');
  }
  const member = await deps.store.get<MemberDoc>(MEMBERS, parts[1]);
  if (!member || member.status !== 'active') throw new AppError('CARD_INVALID', '该会员卡已失效。');
  return {
    valid: true,
    memberNo: member.memberNo,
    nameMasked: mask('name', member.name),
    orgName: member.orgName,
    joinedAt: member.joinedAt,
    status: member.status,
  };
}
