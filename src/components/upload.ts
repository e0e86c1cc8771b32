/**
 * Uploading files through the `org` function's upload actions: what both platforms share. The
 * picking and uploading itself is per platform (platform/FilePick.tsx: H5's file input and
 * `org.uploadFile`; platform/FilePick.weapp.tsx: WeChat's pickers, cloud storage, `org.registerUpload`).
 * Either way the answer is a file reference (`id`) that a form submits.
 */

/** `preview`: a local address of the picked image, to show it before the form is sent */
export type Uploaded = { id: string; name: string; size: number; preview?: string };

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

/** The picker was closed without choosing: not an error worth a message. */
export const cancelledPick = (e: unknown) => String((e as { errMsg?: string })?.errMsg ?? '').includes('cancel');
