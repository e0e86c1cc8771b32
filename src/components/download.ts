/**
 * Opens a file an action handed out as a short-lived download address (`org.getFile`,
 * `activity.exportRoster`): the bytes never travel through a function call.
 * - H5: the gateway's signed link, downloaded under its file name.
 * - WeChat: `Taro.downloadFile` into the user data folder under the file's name (the CloudBase
 *   address carries no name), then the system viewer (`openDocument`, with the menu so it can be
 *   forwarded to a chat) or, for an image, `previewImage`.
 */
import Taro from '@tarojs/taro';

export interface DownloadLink {
  url: string;
  filename: string;
  contentType: string;
}

const DOCUMENT_TYPES = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx'] as const;
type DocumentType = (typeof DOCUMENT_TYPES)[number];

export async function openDownload(f: DownloadLink): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const a = document.createElement('a');
    a.href = f.url;
    a.download = f.filename;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
    return;
  }
  const safe = f.filename.replace(/[\\/:*?"<>|\s]/g, '_').slice(-80);
  const filePath = `${Taro.env.USER_DATA_PATH}/${Date.now()}_${safe}`;
  const r = await Taro.downloadFile({ url: f.url, filePath });
  if (r.statusCode !== 200) throw new Error(r.statusCode === 403 ? '下载链接已过期，请重新下载' : `文件下载失败（${r.statusCode}）`);
  if (f.contentType.startsWith('image/')) {
    await Taro.previewImage({ urls: [filePath] });
    return;
  }
  const ext = (/\.([a-z0-9]+)$/i.exec(f.filename)?.[1] ?? '').toLowerCase();
  const fileType = (DOCUMENT_TYPES as readonly string[]).includes(ext) ? (ext as DocumentType) : undefined;
  await Taro.openDocument({ filePath, showMenu: true, ...(fileType ? { fileType } : {}) });
}
