/**
 * Uploading files through the `org` function's upload actions, on both platforms:
 * - H5: the browser's file input, read as base64, sent with `org.uploadFile` (4 MB at most);
 * - WeChat: the file goes straight to cloud storage (callFunction data should stay under 100 KB),
 *   into a path the server hands out for this user (`org.uploadSlot`), and is then registered
 *   (`org.registerUpload`).
 * Either way the answer is a file reference (`id`) that a form submits.
 */
import Taro from '@tarojs/taro';
import { call } from '../api';

/** `preview`: a local address of the picked image, to show it before the form is sent */
export type Uploaded = { id: string; name: string; size: number; preview?: string };
type Picked = { name: string; contentType: string; base64: string };

export const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
export const IMAGE_ACCEPT = '.jpg,.jpeg,.png,.webp';
export const FILE_ACCEPT = '.pdf,.doc,.docx,.jpg,.jpeg,.png,.webp';

export const contentTypeOf = (name: string, given = '') => given || CONTENT_TYPES[name.split('.').pop()?.toLowerCase() ?? ''] || 'application/octet-stream';

/** Sizes as people read them: 12 KB, 1.5 MB. */
export const sizeLabel = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Files picked in the browser, read as base64. */
function readH5(files: FileList): Promise<Picked[]> {
  const read = (f: File) =>
    new Promise<Picked>((resolve, reject) => {
      const r = new FileReader();
      r.onload = () => resolve({ name: f.name, contentType: contentTypeOf(f.name, f.type), base64: String(r.result).replace(/^data:[^,]*,/, '') });
      r.onerror = () => reject(r.error);
      r.readAsDataURL(f);
    });
  return Promise.all(Array.from(files).map(read));
}

/** H5: uploads what the file input holds, one by one, reporting each as it lands. */
export async function uploadFromInput(files: FileList, onEach: (u: Uploaded) => void): Promise<void> {
  const picked = await readH5(files);
  for (let i = 0; i < picked.length; i++) {
    const ref = await call('org', 'uploadFile', picked[i]);
    const preview = picked[i].contentType.startsWith('image/') ? `data:${picked[i].contentType};base64,${picked[i].base64}` : undefined;
    onEach({ id: ref.id, name: ref.name, size: ref.size, preview });
  }
}

/**
 * WeChat: `files` picks documents from a chat (会议记录、选票统计), `image` one picture from the album
 * or the camera (a poster), then each goes to cloud storage and is registered.
 */
export async function uploadFromWeapp(kind: 'files' | 'image', onEach: (u: Uploaded) => void): Promise<void> {
  const picked: Array<{ name: string; path: string }> =
    kind === 'files'
      ? (await Taro.chooseMessageFile({ count: 5, type: 'all', extension: Object.keys(CONTENT_TYPES) })).tempFiles.map((f) => ({ name: f.name, path: f.path }))
      : (await Taro.chooseMedia({ count: 1, mediaType: ['image'], sizeType: ['compressed'] })).tempFiles.map((f) => ({
          name: `海报.${f.tempFilePath.split('.').pop()?.toLowerCase() || 'jpg'}`,
          path: f.tempFilePath,
        }));
  for (const f of picked) {
    const { cloudPath } = await call('org', 'uploadSlot', { name: f.name });
    const { fileID } = await Taro.cloud.uploadFile({ cloudPath, filePath: f.path });
    const ref = await call('org', 'registerUpload', { fileID, name: f.name, contentType: contentTypeOf(f.name) });
    onEach({ id: ref.id, name: ref.name, size: ref.size, preview: kind === 'image' ? f.path : undefined });
  }
}

/** The picker was closed without choosing: not an error worth a message. */
export const cancelledPick = (e: unknown) => String((e as { errMsg?: string })?.errMsg ?? '').includes('cancel');
