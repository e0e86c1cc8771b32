/**
 * Opens a file an action handed out as a short-lived download address (`org.getFile`,
 * `activity.exportRoster`): the bytes never travel through a function call.
 * - H5 (this file): the gateway's signed link, downloaded under its file name.
 * - WeChat (download.weapp.ts): `Taro.downloadFile` into the user data folder under the file's name
 *   (the CloudBase address carries no name), then the system viewer (`openDocument`, with the menu so
 *   it can be forwarded to a chat) or, for an image, `previewImage`.
 */
export interface DownloadLink {
  url: string;
  filename: string;
  contentType: string;
}

export type OpenDownload = (f: DownloadLink) => Promise<void>;

export const openDownload: OpenDownload = async (f) => {
  const a = document.createElement('a');
  a.href = f.url;
  a.download = f.filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
};
