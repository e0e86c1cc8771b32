/** Scanning a QR code with the camera: WeChat only (scan.weapp.ts). On H5 codes are typed, pasted or entered by a scanner gun. */
export interface Scan {
  /** whether `scanCode` can be offered */
  readonly canScan: boolean;
  /** The scanned QR's text, or null when cancelled or not available. */
  scanCode(): Promise<string | null>;
}

export const scan: Scan = {
  canScan: false,
  scanCode: () => Promise.resolve(null),
};
