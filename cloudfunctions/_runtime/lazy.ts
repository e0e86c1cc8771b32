/**
 * Heavy libraries that only some actions use, loaded on first use. In the function bundles each is
 * its own file next to index.js (scripts/build-functions.ts, LAZY_LIBS), so a cold start does not
 * read or parse it; in tests and on the local gateway this is a plain dynamic import.
 */
import type { QRCodeToDataURLOptions } from 'qrcode';

/** A QR image of `text` as a `data:image/png;base64,…` URL. */
export async function qrDataUrl(text: string, opts: QRCodeToDataURLOptions = { margin: 1, width: 320 }): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toDataURL(text, opts);
}

/** exceljs, for the actions that write spreadsheets. */
export async function excel() {
  const { default: ExcelJS } = await import('exceljs');
  return ExcelJS;
}
