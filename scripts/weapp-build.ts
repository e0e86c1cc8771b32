/**
 * The weapp build the tests share (scripts/weapp-size.test.ts, scripts/weapp-compile.test.ts): built
 * into dist/weapp when it is missing or older than its sources, at most once however many test files
 * ask at the same time (a lock folder in dist/; whoever waits re-checks and reuses the build).
 * A check build: `NODE_ENV=production WEAPP_CHECK_BUILD=1`, so no `TARO_APP_CLOUD_ENV` is needed
 * (config/weapp-plugin.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WEAPP_DIR } from './weapp-size';

const root = resolve(__dirname, '..');
const LOCK = join(root, 'dist', '.weapp-build.lock');
const BUILD_TIMEOUT_MS = 300_000;

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path, { withFileTypes: true }).reduce((m, e) => Math.max(m, newest(join(path, e.name))), stat.mtimeMs);
}

/** True when dist/weapp holds a finished build newer than everything it is built from. */
export function weappBuildIsFresh(): boolean {
  const built = join(WEAPP_DIR, 'app.json');
  if (!existsSync(built)) return false;
  const sources = Math.max(...['src', 'config', 'core', 'project.config.json'].map((p) => newest(join(root, p))));
  return statSync(built).mtimeMs > sources;
}

function lockIsStale(): boolean {
  try {
    const pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
    process.kill(pid, 0); // throws when that process is gone
    return false;
  } catch (e) {
    // no pid yet: the holder has only just made the folder, unless that was long ago
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return Date.now() - statSync(LOCK).mtimeMs > 30_000;
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const deadline = Date.now() + BUILD_TIMEOUT_MS + 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (lockIsStale()) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`the weapp build lock ${LOCK} is still held`);
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  writeFileSync(join(LOCK, 'pid'), String(process.pid));
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function build(): Promise<void> {
  const child = spawn(process.execPath, [join(root, 'node_modules/@tarojs/cli/bin/taro'), 'build', '--type', 'weapp'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', WEAPP_CHECK_BUILD: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-20_000)));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`weapp build failed (${signal ?? `exit ${code}`}):\n${output}`));
    });
  });
}

/** Builds dist/weapp unless a fresh build is there; concurrent callers share one build. */
export async function ensureWeappBuild(): Promise<void> {
  if (weappBuildIsFresh()) return;
  await withLock(async () => {
    if (!weappBuildIsFresh()) await build();
  });
}
