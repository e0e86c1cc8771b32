import Taro from '@tarojs/taro';
import type { OpenDownload } from './download';

const DOCUMENT_TYPES = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx'] as const;
type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const openDownload: OpenDownload = async (f) => {
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
};
