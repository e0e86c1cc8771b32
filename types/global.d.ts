/** Build-time constants (config/index.ts defineConstants) and asset modules. */
declare const CLOUD_ENV: string;
declare module '*.scss';
declare module '*.css';
declare module '*.png';
