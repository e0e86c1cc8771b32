/**
 * WeChat's own compiler (miniprogram-ci, offline) over the weapp build: no compile error, no unresolved
 * dependency, every code-quality item passed, nothing tried the network. Negative controls show that
 * the same check rejects a broken copy of the build, each for its stated reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import weappPlugin, { MISSING_CLOUD_ENV } from '../config/weapp-plugin';
import { ensureWeappBuild } from './weapp-build';
import { type WeappCheck, failures, formatReport, runWeappCheck, stageCopy } from './weapp-compile';
import { MAIN_BUDGET, WEAPP_DIR } from './weapp-size';

const COMPRESSION_AND_LAZY_LOADING = ['JS_COMPRESS_OPEN', 'WXML_COMPRESS_OPEN', 'WXSS_COMPRESS_OPEN', 'LAZYCODE_LOADING_OPEN'];

describe('miniprogram-ci over the weapp build', () => {
  let build: WeappCheck;
  let missingPage: WeappCheck;
  let syntaxError: WeappCheck;
  let unminified: WeappCheck;
  const copies: string[] = [];
  const broken = (change: (dir: string) => void) => {
    const dir = stageCopy(WEAPP_DIR);
    copies.push(dir);
    change(dir);
    return dir;
  };

  beforeAll(async () => {
    await ensureWeappBuild();
    const app = JSON.parse(readFileSync(join(WEAPP_DIR, 'app.json'), 'utf8')) as { pages: string[] };
    expect(app.pages).toContain('pages/me/index');
    // a page listed in app.json whose files are gone
    const noPage = broken((dir) =>
      readdirSync(join(dir, 'pages/me'))
        .filter((f) => f.startsWith('index.'))
        .forEach((f) => unlinkSync(join(dir, 'pages/me', f))),
    );
    // one page's script no longer parses
    const badJs = broken((dir) =>
      writeFileSync(join(dir, 'pages/card/index.js'), `${readFileSync(join(dir, 'pages/card/index.js'), 'utf8')}\nvar broken = ;\n`),
    );
    // compression off and no lazy code loading, as before D13
    const plain = broken((dir) => {
      const config = JSON.parse(readFileSync(join(dir, 'project.config.json'), 'utf8'));
      Object.assign(config.setting, { minified: false, minifyWXML: false, minifyWXSS: false });
      writeFileSync(join(dir, 'project.config.json'), JSON.stringify(config));
      const appJson = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8'));
      delete appJson.lazyCodeLoading;
      writeFileSync(join(dir, 'app.json'), JSON.stringify(appJson));
    });
    [build, missingPage, syntaxError, unminified] = await Promise.all([
      runWeappCheck(WEAPP_DIR),
      runWeappCheck(noPage),
      runWeappCheck(badJs),
      runWeappCheck(plain, { compile: false }),
    ]);
    console.log(formatReport(build));
  }, 600_000);

  afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('compiles every file (es6, minify) with no error, resolves every dependency and passes every quality item, offline', () => {
    expect(failures(build)).toEqual([]);
    expect(build.compiledFiles).toBeGreaterThan(50);
    expect(build.quality.map((q) => q.name)).toEqual(expect.arrayContaining(['PACKAGE_SIZE_LIMIT', 'CONTAINS_UNUSED_CODES', ...COMPRESSION_AND_LAZY_LOADING]));
    expect(build.networkAttempts).toEqual([]);
  });

  it('counts the main package within its 600 KB budget and the officer pages in the admin subpackage', () => {
    expect(Object.keys(build.packages).sort()).toEqual(['admin', 'main', 'pages/aid', 'pages/case']);
    expect(build.packages.main).toBeLessThan(MAIN_BUDGET);
  });

  it('reports compression on and lazy code loading on (D13), where the unminified control is flagged', () => {
    for (const name of COMPRESSION_AND_LAZY_LOADING) {
      expect({ name, success: build.quality.find((q) => q.name === name)?.success }).toEqual({ name, success: true });
      expect({ name, success: unminified.quality.find((q) => q.name === name)?.success }).toEqual({ name, success: false });
    }
    expect(failures(unminified)).toHaveLength(COMPRESSION_AND_LAZY_LOADING.length);
  });

  it('rejects a build whose app.json lists a page that is missing', () => {
    expect(missingPage.compileError).toMatchObject({
      code: 10005,
      message: expect.stringContaining('could not find the corresponding file: "pages/me/index.wxml"'),
    });
    expect(missingPage.dependencyErrors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Page:pages\/me\/index\.json: Couldn't resolve the Wxml file "pages\/me\/index\.wxml"/),
        expect.stringMatching(/Couldn't resolve the Js file "pages\/me\/index\.js"/),
      ]),
    );
    expect(missingPage.networkAttempts).toEqual([]);
  });

  it('rejects a build with a JS syntax error, naming the file', () => {
    expect(syntaxError.compileError?.message).toMatch(/^file: pages\/card\/index\.js\n.*pages\/card\/index\.js: Unexpected token/);
    expect(syntaxError.compiledFiles).toBe(0);
    expect(syntaxError.dependencyErrors).toEqual([]); // the graph is whole; only the compiler sees it
    expect(syntaxError.networkAttempts).toEqual([]);
  });

  it('copies a project.config.json without the repo-relative cloudfunctionRoot (D12)', () => {
    const config = JSON.parse(readFileSync(join(WEAPP_DIR, 'project.config.json'), 'utf8'));
    expect(config).not.toHaveProperty('cloudfunctionRoot');
    expect(config).not.toHaveProperty('miniprogramRoot');
    expect(config.setting).toMatchObject({ minified: true, minifyWXML: true, minifyWXSS: true });
  });
});

describe('weapp build rules (config/weapp-plugin.ts)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of ['TARO_ENV', 'NODE_ENV', 'TARO_APP_CLOUD_ENV', 'WEAPP_CHECK_BUILD']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  function hooks(env: Record<string, string | undefined>, outputPath = tmpdir()) {
    for (const [key, value] of Object.entries({ TARO_ENV: 'weapp', ...env })) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    const registered: { start?: () => void; complete?: () => void } = {};
    weappPlugin({ paths: { outputPath }, onBuildStart: (fn) => (registered.start = fn), onBuildComplete: (fn) => (registered.complete = fn) });
    return registered;
  }

  it('refuses a production weapp build without TARO_APP_CLOUD_ENV, unless it is a check build (D14)', () => {
    expect(() => hooks({ NODE_ENV: 'production', TARO_APP_CLOUD_ENV: undefined }).start?.()).toThrow(MISSING_CLOUD_ENV);
    expect(() => hooks({ NODE_ENV: 'production', TARO_APP_CLOUD_ENV: '  ' }).start?.()).toThrow(/TARO_APP_CLOUD_ENV is empty/);
    expect(() => hooks({ NODE_ENV: 'production', TARO_APP_CLOUD_ENV: 'union-prod-1a2b' }).start?.()).not.toThrow();
    expect(() => hooks({ NODE_ENV: 'production', TARO_APP_CLOUD_ENV: undefined, WEAPP_CHECK_BUILD: '1' }).start?.()).not.toThrow();
    expect(() => hooks({ NODE_ENV: 'development', TARO_APP_CLOUD_ENV: undefined }).start?.()).not.toThrow();
    expect(hooks({ TARO_ENV: 'h5', NODE_ENV: 'production' })).toEqual({});
  });

  it('drops cloudfunctionRoot and the "./" miniprogramRoot from the copied project.config.json (D12)', () => {
    const out = mkdtempSync(join(tmpdir(), 'weapp-plugin-'));
    try {
      const file = join(out, 'project.config.json');
      writeFileSync(file, JSON.stringify({ miniprogramRoot: './', cloudfunctionRoot: 'build/functions/', appid: 'touristappid', setting: { minified: true } }));
      hooks({ NODE_ENV: 'production', WEAPP_CHECK_BUILD: '1' }, out).complete?.();
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ appid: 'touristappid', setting: { minified: true } });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('offline guard (scripts/offline-guard.cjs)', () => {
  it('fails a connection or DNS lookup to the network at once, and logs it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'offline-guard-'));
    try {
      const log = join(dir, 'network.log');
      const script = `
        const started = Date.now();
        require('node:https').get('https://servicewechat.com/wxa/ci/getattr').on('error', (e) => {
          require('node:dns').lookup('example.com', (d) => console.log(JSON.stringify({ https: e.message, dns: d.message, ms: Date.now() - started })));
        });`;
      const r = spawnSync(process.execPath, ['--require', join(__dirname, 'offline-guard.cjs'), '-e', script], {
        env: { ...process.env, OFFLINE_GUARD_LOG: log },
        encoding: 'utf8',
        timeout: 10_000,
      });
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({
        https: 'offline-guard: blocked connection to servicewechat.com:443',
        dns: 'offline-guard: blocked DNS lookup of example.com',
      });
      expect(out.ms).toBeLessThan(1000);
      expect(readFileSync(log, 'utf8')).toMatch(/connection to servicewechat\.com:443\n.*DNS lookup of example\.com\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
