/**
 * Files in CloudBase cloud storage through `@cloudbase/node-sdk`: `uploadFile({cloudPath,
 * fileContent: Buffer})` answers the file's `fileID` (cloud://…), which is the reference we keep in
 * the `files` collection; `downloadFile({fileID})` reads the bytes back. Storage rules should keep
 * `uploads/` private to functions: files reach people only through actions that check scope.
 * `public/` holds what anyone may see (posters): readable by all, written only by functions.
 */
import tcb from '@cloudbase/node-sdk';
import type { Files } from '../../core/shared/ports';

export function cloudbaseFiles(opts: { env: string; secretId?: string; secretKey?: string }): Files {
  const app = tcb.init({ env: opts.env, secretId: opts.secretId, secretKey: opts.secretKey });
  return {
    async put(key, bytes) {
      const res = await app.uploadFile({ cloudPath: `uploads/${key}`, fileContent: Buffer.from(bytes) });
      if (!res.fileID) throw new Error(`CloudBase upload failed for ${key}`);
      return res.fileID;
    },
    async putPublic(key, bytes) {
      const res = await app.uploadFile({ cloudPath: `public/${key}`, fileContent: Buffer.from(bytes) });
      if (!res.fileID) throw new Error(`CloudBase upload failed for public/${key}`);
      return res.fileID;
    },
    async putExport(key, bytes) {
      const res = await app.uploadFile({ cloudPath: `exports/${key}`, fileContent: Buffer.from(bytes) });
      if (!res.fileID) throw new Error(`CloudBase upload failed for exports/${key}`);
      return res.fileID;
    },
    // getTempFileURL answers one entry per file: code SUCCESS with tempFileURL, or e.g.
    // STORAGE_FILE_NONEXIST; a failed request answers {code, message} without fileList. The name a
    // download is saved as cannot ride on the URL (its query is the storage's own signature): the
    // action hands `filename` to the client next to the URL (wx.downloadFile's filePath).
    async url(ref, o) {
      const res = await app.getTempFileURL({ fileList: [{ fileID: ref, maxAge: Math.max(1, Math.floor(o.maxAgeSeconds)) }] });
      const entry = res.fileList?.[0];
      if (!entry) throw new Error(`CloudBase getTempFileURL failed: ${(res as { code?: string }).code ?? 'no answer'}`);
      if (entry.code === 'SUCCESS' && entry.tempFileURL) return entry.tempFileURL;
      if (/NONEXIST|NOT_?EXIST|NOT_?FOUND/i.test(entry.code)) return null;
      throw new Error(`CloudBase getTempFileURL failed for ${ref}: ${entry.code}`);
    },
    async get(ref) {
      // a missing file is not an answer but a thrown TcbError: its getTempFileURL entry's code
      // (STORAGE_FILE_NONEXIST), or a 404 from the download itself
      const res = await app.downloadFile({ fileID: ref }).catch((e: { code?: string; message?: string }) => {
        if (/NONEXIST|NOT_?EXIST|NOT_?FOUND/i.test(e?.code ?? '') || (e?.code === 'STORAGE_REQUEST_FAIL' && /Status:404\b/.test(e.message ?? ''))) return null;
        throw e;
      });
      const content = res?.fileContent;
      if (content === undefined || content === null) return null;
      return typeof content === 'string' ? new Uint8Array(Buffer.from(content, 'binary')) : new Uint8Array(content);
    },
    async remove(ref) {
      // a file already gone answers a per-file code, not a throw; either way nothing is left
      await app.deleteFile({ fileList: [ref] });
    },
  };
}
