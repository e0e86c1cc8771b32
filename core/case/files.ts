/**
 * Opening a file of a case (the report's evidence, a reply's papers, a mediation agreement, the
 * 结案报告's documents). org.getFile opens a file for its uploader or an officer over its org; a case
 * also has an assigned lawyer or social worker, and a worker who should read what the handlers attach
 * in public. So a case's files open here, for exactly what the caller's own view of the case lists:
 * the claimant never reaches a file of an internal entry, because their view has none.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError } from '../shared/errors';
import { loadFile } from '../shared/files';
import type { caseContract } from './contract';
import { loadCase } from './step';
import { toCaseView } from './views';

type In<K extends keyof typeof caseContract> = z.output<(typeof caseContract)[K]['input']>;
type Out<K extends keyof typeof caseContract> = z.input<(typeof caseContract)[K]['output']>;

export async function caseFile(deps: Dependencies, caller: SignedInCaller, input: In<'file'>): Promise<Out<'file'>> {
  const d = await loadCase(deps, input.caseId);
  // toCaseView refuses a stranger (NOT_FOUND) and leaves out what this viewer may not read
  const v = await toCaseView(deps, caller, d);
  const listed = [...v.files, ...v.timeline.flatMap((e) => e.files), ...(v.resolution?.files ?? []), ...(v.legalAid?.report?.files ?? [])];
  if (!listed.some((f) => f.id === input.fileId)) throw new AppError('NOT_FOUND', '附件不存在或您无权查看');
  const { doc, download } = await loadFile(deps, input.fileId);
  return { id: doc._id, name: doc.name, contentType: doc.contentType, size: doc.size, url: download.url, expiresAt: download.expiresAt };
}
