/**
 * The members' meeting: the organizer uploads who was elected chair and committee, with the minutes
 * attached, which hands the founding back to the federation for final approval.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError } from '../shared/errors';
import { attachFiles } from '../org';
import type { foundingContract } from './contract';
import { nextFoundingStatus } from './machine';
import { load, toView } from './views';
import { step } from './decide';

type In<K extends keyof typeof foundingContract> = z.output<(typeof foundingContract)[K]['input']>;

export async function submitElection(deps: Dependencies, caller: SignedInCaller, input: In<'submitElection'>) {
  const uid = caller.uid;
  const d = await load(deps, input.foundingId);
  if (d.organizerUid !== uid) throw new AppError('FORBIDDEN', '只有建会组织者可以上传选举结果');
  nextFoundingStatus(d.status, 'submit_election'); // refuses early, before files are attached
  await attachFiles(deps, caller, input.fileIds, { ownerId: d._id, orgId: d.federationId });
  const election = {
    meetingDate: input.meetingDate,
    attendees: input.attendees,
    chairName: input.chairName,
    committee: input.committee,
    fileIds: input.fileIds,
  };
  const after = await step(deps, d, 'submit_election', { uid, name: d.organizerName }, `主席：${input.chairName}；委员：${input.committee.join('、')}`, {
    election,
  });
  return toView(deps, after, caller);
}
