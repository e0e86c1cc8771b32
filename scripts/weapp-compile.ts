/**
 * WeChat's own compiler over the weapp build, offline. miniprogram-ci is the npm package of DevTools'
 * compiler; three of its steps need no account:
 * - `analyseCode`: the dependency graph from app.json (pages, subpackages, components, require());
 *   every unresolved dependency is an error here;
 * - `checkCodeQuality`: the code-quality scan DevTools shows before an upload (package sizes,
 *   compression, lazy code loading, code only another package uses, unused files); every failed item
 *   is an error here;
 * - `getCompiledResult`: compiles every file as an upload would (es6 on: babel; minify on: terser and
 *   the WXML/WXSS minifiers), with the project attributes from its built-in defaults
 *   (`DefaultProjectAttr`) instead of the ones it would fetch for the AppID.
 *
 * The check runs in a child process (`runWeappCheck`), on a copy of the build, under a time limit,
 * with scripts/offline-guard.cjs preloaded into it and everything it forks: any connection that is not
 * loopback fails at once and is reported. The one request miniprogram-ci makes on its own (its list of
 * allowed file extensions) is answered in-process with the list it falls back to anyway.
 *
 * `npx tsx scripts/weapp-compile.ts [dir]` checks dist/weapp (or dir) and prints the report.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const DEFAULT_WEAPP_DIR = resolve(__dirname, '..', 'dist', 'weapp');
const GUARD = join(__dirname, 'offline-guard.cjs');
// by absolute URL: the compiler's own child processes inherit the flag but run in another folder
const TSX = pathToFileURL(require.resolve('tsx')).href;

export interface QualityItem {
  name: string;
  success: boolean;
  text: string;
  detail?: unknown;
}

export interface WeappCheck {
  /** files the compiler produced; 0 when it failed */
  compiledFiles: number;
  compileError: { code?: number; message: string } | null;
  /** unresolved dependencies and module build errors from the code analysis */
  dependencyErrors: string[];
  quality: QualityItem[];
  /** errors a quality checker logged (miniprogram-ci then counts the item as passed) */
  qualityCheckerErrors: string[];
  /** bytes per package as WeChat counts them: `main` and each subpackage root */
  packages: Record<string, number>;
  /** connections the guard refused and requests answered by nobody; must stay empty */
  networkAttempts: string[];
  seconds: number;
}

/** Why the check fails, one line each; empty when it passes. */
export function failures(check: WeappCheck): string[] {
  return [
    ...(check.compileError ? [`compile: ${check.compileError.message}`] : []),
    ...check.dependencyErrors.map((e) => `dependency: ${e}`),
    ...check.quality.filter((q) => !q.success).map((q) => `quality ${q.name}: ${q.text}`),
    ...check.qualityCheckerErrors.map((e) => `quality checker: ${e}`),
    ...check.networkAttempts.map((n) => `network: ${n}`),
  ];
}

export function formatReport(check: WeappCheck): string {
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  const total = Object.values(check.packages).reduce((a, b) => a + b, 0);
  const lines = [
    `miniprogram-ci: ${check.compiledFiles} files compiled (es6, minify) in ${check.seconds.toFixed(1)} s`,
    `packages: ${Object.entries(check.packages)
      .map(([name, bytes]) => `${name} ${kb(bytes)}`)
      .join(', ')}, total ${kb(total)}`,
    `quality: ${check.quality.filter((q) => q.success).length}/${check.quality.length} passed`,
    ...check.quality.filter((q) => !q.success).map((q) => `  warning ${q.name}: ${q.text}`),
    ...failures(check).map((f) => `  FAIL ${f}`),
  ];
  return lines.join('\n');
}

/** Compiler messages carry a code frame with whole minified lines: keep the start of each line. */
function brief(message: string): string {
  return message
    .split('\n')
    .slice(0, 8)
    .map((l) => (l.length > 240 ? `${l.slice(0, 240)}…` : l))
    .join('\n');
}

/**
 * Answers miniprogram-ci's only unprompted request (GET …/wxa/ci/getwhiteextlist) with its own built-in
 * list, so it never tries the network; any other request fails at once and is recorded.
 */
function stubRequests(refused: string[]) {
  const ciDir = dirname(require.resolve('miniprogram-ci/package.json'));
  const requestPath = require.resolve('request', { paths: [ciDir] });
  const fake = (opts: { url?: string; uri?: string }, callback: (err: Error | null, resp?: unknown, body?: string) => void) => {
    const url = String(opts.url ?? opts.uri ?? '');
    const task = Object.assign(new EventEmitter(), { abort() {} });
    process.nextTick(() => {
      if (url.includes('/wxa/ci/getwhiteextlist')) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file inside miniprogram-ci's dist, found from where it is installed: no import can name it
        const lists = require(join(ciDir, 'dist/utils/white_ext_list.js')) as { MiniProgramWhiteList: string[]; GameWhiteList: string[] };
        callback(null, { statusCode: 200 }, JSON.stringify({ errCode: 0, data: { miniProgram: lists.MiniProgramWhiteList, game: lists.GameWhiteList } }));
      } else {
        refused.push(`request to ${url}`);
        callback(new Error(`offline: no request to ${url}`));
      }
    });
    return task;
  };
  const stub = new Module(requestPath);
  stub.filename = requestPath;
  stub.loaded = true;
  stub.exports = fake;
  require.cache[requestPath] = stub;
}

interface CiProject {
  projectPath: string;
}
interface Ci {
  Project: new (options: Record<string, unknown>) => CiProject;
  DefaultProjectAttr: unknown;
  analyseCode(
    project: CiProject,
    option?: { silent: boolean },
  ): Promise<{ modules: Array<{ id: string; deps: Array<{ request: string; error?: string }>; errors?: string[]; buildError?: string }> } | undefined>;
  checkCodeQuality(project: CiProject): Promise<QualityItem[]>;
  getCompiledResult(options: Record<string, unknown>): Promise<Record<string, string | Buffer>>;
}

/** The check itself, in this process; `runWeappCheck` runs it in a guarded child. */
export async function checkProject(projectPath: string, { compile = true } = {}): Promise<WeappCheck> {
  const started = Date.now();
  const refused: string[] = [];
  stubRequests(refused);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only now, after stubRequests put the stub in require.cache (an import would load it first)
  const ci = require('miniprogram-ci') as Ci;
  const config = JSON.parse(readFileSync(join(projectPath, 'project.config.json'), 'utf8')) as { appid?: string };
  const project = new ci.Project({
    appid: config.appid || 'touristappid',
    type: 'miniProgram',
    projectPath,
    privateKey: 'offline', // required by the constructor; only signing (upload, preview, attributes) reads it
    ignores: ['**/*.LICENSE.txt'],
    attr: async () => ci.DefaultProjectAttr, // what the project attributes would be fetched for
  });

  const analysis = await ci.analyseCode(project, { silent: true });
  const dependencyErrors = (analysis?.modules ?? []).flatMap((m) => [
    ...m.deps.filter((d) => d.error).map((d) => `${m.id}: ${d.error}`),
    ...(m.errors ?? []).map((e) => `${m.id}: ${e}`),
    ...(m.buildError ? [`${m.id}: ${m.buildError}`] : []),
  ]);
  if (!analysis) dependencyErrors.push('the code analysis returned nothing');

  const qualityCheckerErrors: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => void qualityCheckerErrors.push(brief(args.map(String).join(' ')));
  let quality: QualityItem[];
  try {
    quality = (await ci.checkCodeQuality(project)).map(({ name, success, text, detail }) => ({ name, success, text, detail }));
  } finally {
    console.error = consoleError;
  }
  const sizes = (quality.find((q) => q.name === 'PACKAGE_SIZE_LIMIT')?.detail ?? {}) as Record<string, number>;
  const packages = Object.fromEntries(Object.entries(sizes).map(([name, bytes]) => [name === '__APP__' ? 'main' : name.replace(/\/$/, ''), bytes]));

  let compiledFiles = 0;
  let compileError: WeappCheck['compileError'] = null;
  if (compile) {
    try {
      compiledFiles = Object.keys(await ci.getCompiledResult({ project, setting: { es6: true, minify: true } })).length;
    } catch (e) {
      const err = e as { code?: number; message?: string };
      compileError = { code: typeof err.code === 'number' ? err.code : undefined, message: brief(String(err.message ?? e)) };
    }
  }
  return {
    compiledFiles,
    compileError,
    dependencyErrors,
    quality,
    qualityCheckerErrors,
    packages,
    networkAttempts: refused,
    seconds: (Date.now() - started) / 1000,
  };
}

/** A throwaway copy of a build, to check (and, for the negative controls, to break). */
export function stageCopy(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'weapp-check-'));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/**
 * Checks a copy of `dir` in a child process under the offline guard (`compile: false` skips the
 * compile, for checks that need only the analysis and the quality scan). Rejects when the child does
 * not answer within `timeoutMs` (its whole process group is killed) or dies without an answer.
 */
export function runWeappCheck(dir: string, { timeoutMs = 240_000, compile = true } = {}): Promise<WeappCheck> {
  if (!existsSync(join(dir, 'app.json'))) return Promise.reject(new Error(`no weapp build in ${dir}`));
  const projectPath = stageCopy(dir);
  const work = mkdtempSync(join(tmpdir(), 'weapp-check-out-'));
  const out = join(work, 'result.json');
  const guardLog = join(work, 'network.log');
  const child = spawn(process.execPath, ['--import', TSX, __filename, '--child', out, projectPath, ...(compile ? [] : ['--no-compile'])], {
    // miniprogram-ci leaves empty cache folders (md5-named) in its working directory: keep them out of the repo
    cwd: work,
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require "${GUARD}"`.trim(), OFFLINE_GUARD_LOG: guardLog },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the compiler processes it forks go with it
  });
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-20_000)));
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  };
  return new Promise<WeappCheck>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`miniprogram-ci check of ${dir} gave no answer in ${timeoutMs / 1000} s; killed. Output:\n${output}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      killGroup();
      try {
        if (!existsSync(out)) throw new Error(`miniprogram-ci check of ${dir} exited ${code} without an answer. Output:\n${output}`);
        const check = JSON.parse(readFileSync(out, 'utf8')) as WeappCheck;
        if (existsSync(guardLog)) check.networkAttempts.push(...readFileSync(guardLog, 'utf8').trim().split('\n').filter(Boolean));
        resolvePromise(check);
      } catch (e) {
        reject(e);
      } finally {
        rmSync(work, { recursive: true, force: true });
        rmSync(projectPath, { recursive: true, force: true });
      }
    });
  });
}

if (require.main === module) {
  const [flag, out, projectPath, noCompile] = process.argv.slice(2);
  if (flag === '--child') {
    checkProject(projectPath, { compile: noCompile !== '--no-compile' }).then(
      (check) => {
        writeFileSync(out, JSON.stringify(check));
        process.exit(0); // miniprogram-ci leaves file watchers open
      },
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  } else {
    runWeappCheck(resolve(flag ?? DEFAULT_WEAPP_DIR)).then(
      (check) => {
        console.log(formatReport(check));
        process.exit(failures(check).length ? 1 : 0);
      },
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  }
}
