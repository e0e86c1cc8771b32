/**
 * Uploaded files: the bytes go to the Files port (local folder or CloudBase storage), what the file
 * is and whose it is to the `files` collection. A file belongs to an org (the union being founded,
 * the union assessed); reading it is checked against that org's scope by the action that hands it out.
 */
import { z } from 'zod';
import type { CollectionSpec } from './docstore';
import type { Dependencies } from './ports';
import { AppError, notFound } from './errors';

export const FILES = 'files';
export const FILES_COLLECTION: CollectionSpec = {
  name: FILES,
  indexes: [
    /** an account's unattached uploads (the quota) */
    {
      name: 'uploader_owner',
      fields: [
        ['uploadedBy', 'asc'],
        ['ownerId', 'asc'],
      ],
    },
    /** unattached uploads past their grace period (the sweep) */
    {
      name: 'owner_uploaded',
      fields: [
        ['ownerId', 'asc'],
        ['uploadedAt', 'asc'],
      ],
    },
  ],
};

/**
 * Upload quota per account: uploads not yet attached to anything (a founding step, an assessment) at
 * most 10 files and 20 MB at once; the `org.sweepUploads` timer deletes those still unattached
 * after 24 hours. (How many uploads a day is a rate limit: cloudfunctions/_runtime/limits.ts.)
 */
export const UPLOAD_QUOTA = { files: 10, bytes: 20 * 1024 * 1024 } as const;
export const UNATTACHED_GRACE_MS = 24 * 3600_000;
export const UNATTACHED = 'unattached';

/** Whether one more upload of `size` bytes fits the quota next to the account's unattached ones (pure). */
export function uploadFits(unattached: Array<Pick<FileDoc, 'size'>>, size: number): boolean {
  return unattached.length < UPLOAD_QUOTA.files && unattached.reduce((n, f) => n + f.size, 0) + size <= UPLOAD_QUOTA.bytes;
}

async function assertQuota(deps: Dependencies, uid: string, size: number): Promise<void> {
  const page = await deps.store.query<FileDoc>(FILES, { where: { uploadedBy: uid, ownerId: UNATTACHED }, limit: UPLOAD_QUOTA.files + 1 });
  if (!uploadFits(page.items, size)) {
    throw new AppError(
      'QUOTA_FULL',
      `您已上传但尚未使用的附件达到上限（${UPLOAD_QUOTA.files}个或${UPLOAD_QUOTA.bytes >> 20}MB）：请先提交使用，未使用的附件24小时后自动清理`,
      undefined,
      { ...UPLOAD_QUOTA },
    );
  }
}

/** Timer job: deletes uploads never attached to anything after the grace period (the record first, conditionally, then the bytes). */
export async function sweepUnattached(deps: Dependencies, graceMs = UNATTACHED_GRACE_MS): Promise<{ deleted: number }> {
  const before = deps.clock.now() - graceMs;
  let deleted = 0;
  for (let round = 0; round < 50; round++) {
    const page = await deps.store.query<FileDoc>(FILES, {
      where: { ownerId: UNATTACHED, uploadedAt: { $lt: before } },
      orderBy: [['uploadedAt', 'asc']],
      limit: 200,
    });
    let progressed = false;
    for (const f of page.items) {
      // an attach racing the sweep wins or loses atomically: the record goes only while still unattached
      if (!(await deps.store.remove(FILES, f._id, { ownerId: UNATTACHED }))) continue;
      progressed = true;
      deleted++;
      await deps.files.remove?.(f.ref).catch((e) => console.error(`[files] could not delete the bytes of ${f._id}`, e));
    }
    if (!progressed || !page.next) break;
  }
  return { deleted };
}

export const MAX_FILE_BYTES = 4 * 1024 * 1024;
const ALLOWED = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/msword',
];

export const FileUpload = z.object({
  name: z.string({ error: '缺少文件名' }).trim().min(1, { error: '缺少文件名' }).max(80, { error: '文件名不能超过80个字' }),
  contentType: z.enum(ALLOWED as [string, ...string[]], { error: '只能上传 PDF、Word 或图片（JPG、PNG、WEBP）' }),
  base64: z
    .string({ error: '缺少文件内容' })
    .min(4, { error: '文件是空的' })
    .max(Math.ceil((MAX_FILE_BYTES * 4) / 3) + 4, { error: '文件不能超过4MB' }),
});
export type FileUpload = z.infer<typeof FileUpload>;

export const FileRef = z.object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number().int() });
export type FileRef = z.infer<typeof FileRef>;

export interface FileDoc {
  _id: string;
  name: string;
  contentType: string;
  size: number;
  ref: string;
  /** the org whose scope may read it */
  orgId: string | null;
  /** what it belongs to, e.g. a founding application id */
  ownerId: string;
  uploadedBy: string;
  uploadedAt: number;
}

export async function storeUpload(deps: Dependencies, upload: FileUpload, owner: { ownerId: string; orgId: string | null; uid: string }): Promise<FileRef> {
  const bytes = Buffer.from(upload.base64, 'base64');
  if (bytes.length === 0) throw new AppError('VALIDATION', '文件是空的', [{ path: ['base64'], message: '文件是空的' }]);
  if (bytes.length > MAX_FILE_BYTES) throw new AppError('VALIDATION', '文件不能超过4MB', [{ path: ['base64'], message: '文件不能超过4MB' }]);
  if (owner.ownerId === UNATTACHED) await assertQuota(deps, owner.uid, bytes.length);
  const id = `f_${deps.clock.now().toString(36)}${deps.crypto.randomId(6)}`;
  const ref = await deps.files.put(id, new Uint8Array(bytes));
  const doc: FileDoc = {
    _id: id,
    name: upload.name,
    contentType: upload.contentType,
    size: bytes.length,
    ref,
    orgId: owner.orgId,
    ownerId: owner.ownerId,
    uploadedBy: owner.uid,
    uploadedAt: deps.clock.now(),
  };
  await deps.store.insert(FILES, doc);
  return { id, name: doc.name, contentType: doc.contentType, size: doc.size };
}

/**
 * WeChat uploads a file straight to cloud storage (`wx.cloud.uploadFile`, no size trouble in
 * callFunction) into a path the server handed out for this user; registering it reads the bytes back
 * through the Files port (size and a non-empty check) and records it like any upload.
 */
export function uploadSlotFor(deps: Pick<Dependencies, 'crypto' | 'clock'>, uid: string, name: string): string {
  const safe = name.replace(/[^\w.\-\u4e00-\u9fa5]/g, '_').slice(-60);
  return `uploads/u/${deps.crypto.hash(`upload|${uid}`).slice(0, 16)}/${deps.clock.now().toString(36)}${deps.crypto.randomId(4)}_${safe}`;
}

export async function registerCloudUpload(
  deps: Dependencies,
  input: { fileID: string; name: string; contentType: string },
  owner: { uid: string },
): Promise<FileRef> {
  const mine = `/uploads/u/${deps.crypto.hash(`upload|${owner.uid}`).slice(0, 16)}/`;
  if (!input.fileID.startsWith('cloud://'))
    throw new AppError('VALIDATION', '文件不是通过本平台上传的，请重新上传', [{ path: ['fileID'], message: '文件无效，请重新上传' }]);
  if (!input.fileID.includes(mine)) throw new AppError('FORBIDDEN', '只能登记本人上传的文件');
  const bytes = await deps.files.get(input.fileID).catch(() => null);
  if (!bytes || bytes.length === 0) throw new AppError('VALIDATION', '文件未上传成功，请重新上传', [{ path: ['fileID'], message: '文件未上传成功' }]);
  if (bytes.length > MAX_FILE_BYTES) throw new AppError('VALIDATION', '文件不能超过4MB', [{ path: ['fileID'], message: '文件不能超过4MB' }]);
  await assertQuota(deps, owner.uid, bytes.length);
  const id = `f_${deps.clock.now().toString(36)}${deps.crypto.randomId(6)}`;
  const doc: FileDoc = {
    _id: id,
    name: input.name,
    contentType: input.contentType,
    size: bytes.length,
    ref: input.fileID,
    orgId: null,
    ownerId: 'unattached',
    uploadedBy: owner.uid,
    uploadedAt: deps.clock.now(),
  };
  await deps.store.insert(FILES, doc);
  return { id, name: doc.name, contentType: doc.contentType, size: doc.size };
}

/** How long a download address works: long enough to tap it, too short to pass around. */
export const DOWNLOAD_MAX_AGE_SECONDS = 300;
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What a download answers: a short-lived address, never the bytes (see Files.url). */
export const Download = z.object({ url: z.string(), filename: z.string(), contentType: z.string(), expiresAt: z.number().int() });
export type Download = z.infer<typeof Download>;

/** A short-lived download address of a stored file; a file whose bytes are gone is NOT_FOUND. Call after the scope check. */
export async function downloadOf(deps: Dependencies, ref: string, filename: string, contentType: string): Promise<Download> {
  const url = await deps.files.url(ref, { maxAgeSeconds: DOWNLOAD_MAX_AGE_SECONDS, filename, contentType });
  if (!url) throw notFound('文件');
  return { url, filename, contentType, expiresAt: deps.clock.now() + DOWNLOAD_MAX_AGE_SECONDS * 1000 };
}

export async function loadFile(deps: Dependencies, id: string): Promise<{ doc: FileDoc; download: Download }> {
  const doc = await deps.store.get<FileDoc>(FILES, id);
  if (!doc) throw notFound('文件');
  return { doc, download: await downloadOf(deps, doc.ref, doc.name, doc.contentType) };
}
