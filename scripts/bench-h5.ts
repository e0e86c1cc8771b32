/**
 * H5 speed on a phone (issue 12.9): the bytes of the H5 build and what a first visit to the home,
 * activity and join pages loads, uncompressed and as the gateway sends it, and LCP / CLS in Chromium
 * under a Lighthouse-like mobile profile (CPU 4× slower, ~1.6 Mbit/s down, 150 ms RTT, 412×823).
 *
 *   npm run bench:h5        serves BENCH_H5_DIR (default dist/h5, build it first: npm run build:h5)
 *                           BENCH_H5_RUNS loads per page and mode (default 3, medians reported)
 *                           BENCH_H5_MODES: `br` (what a browser gets), `identity` (the bytes as they are,
 *                           Accept-Encoding: identity, as the gateway sent everything before), default both
 *
 * The gateway runs in this process on a temporary data folder (demo seed, 2,000 members), on 127.0.0.1.
 * Chromium is Debian's (/usr/bin/chromium, CHROMIUM_PATH). Devtools throttling, not Lighthouse's
 * simulation: the figures compare builds and modes on this machine, they are not Lighthouse scores.
 * Prints tables, then one JSON line. No assertions: this measures, the tests check behaviour.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import { createGateway } from '../server/gateway';
import { openLocalDeps } from '../server/deps';
import { seedLocal } from './seed-cli';

const root = resolve(__dirname, '..');
const h5Dir = resolve(process.env.BENCH_H5_DIR ?? join(root, 'dist', 'h5'));
const runs = Number(process.env.BENCH_H5_RUNS ?? 3);
const modes = (process.env.BENCH_H5_MODES ?? 'identity,br').split(',').map((m) => m.trim()) as Array<'br' | 'identity'>;
const PAGES = [
  { name: 'home', path: '/pages/index/index' },
  { name: 'activity', path: '/pages/activity/index' },
  { name: 'join', path: '/pages/join/index' },
];
/** Lighthouse's mobile profile (its "slow 4G" numbers): 1638.4 kbit/s down, 675 kbit/s up, 150 ms RTT, CPU 4×. */
const NETWORK = { offline: false, latency: 150, downloadThroughput: (1638.4 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };
const CPU_SLOWDOWN = 4;

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

function filesUnder(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), ext) : e.name.endsWith(ext) ? [join(dir, e.name)] : [],
  );
}

const sizes = (file: string) => {
  const raw = readFileSync(file);
  const br = brotliCompressSync(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY } }).length;
  return { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length, br };
};

/** The build on disk: all JS and CSS, and the page chunks (chunk/*.js) one by one. */
function buildFigures() {
  const sum = (files: string[]) =>
    files.map(sizes).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, br: a.br + b.br }), { raw: 0, gzip: 0, br: 0 });
  const js = filesUnder(join(h5Dir, 'js'), '.js');
  const chunks = filesUnder(join(h5Dir, 'chunk'), '.js');
  const css = filesUnder(h5Dir, '.css');
  const chunkRaw = chunks.map((f) => readFileSync(f).length);
  return {
    entryJs: { files: js.length, ...sum(js) },
    chunkJs: { files: chunks.length, ...sum(chunks), smallest: Math.min(...chunkRaw), median: median(chunkRaw), largest: Math.max(...chunkRaw) },
    css: { files: css.length, ...sum(css) },
    largest: [...js, ...chunks]
      .map((f) => ({ file: relative(h5Dir, f), raw: readFileSync(f).length }))
      .sort((a, b) => b.raw - a.raw)
      .slice(0, 6),
  };
}

interface Load {
  lcp: number;
  cls: number;
  fcp: number;
  /** JS of the first load: bytes after decoding, bytes on the wire (with headers), files, and whether they came encoded */
  jsRaw: number;
  jsWire: number;
  jsFiles: string[];
  encodings: string[];
  allWire: number;
  requests: number;
}

async function load(browser: Browser, url: string, mode: 'br' | 'identity', throttle: boolean): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as any;
    w.__lcp = 0;
    w.__cls = 0;
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (w.__lcp = e.startTime))).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((l) => l.getEntries().forEach((e: any) => !e.hadRecentInput && (w.__cls += e.value))).observe({
      type: 'layout-shift',
      buffered: true,
    });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (mode === 'identity') await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  }
  const requests = new Map<string, { url: string; type: string; encoding: string; raw: number; wire: number }>();
  cdp.on('Network.responseReceived', (e: any) => {
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    requests.set(e.requestId, { url: e.response.url, type: e.type, encoding: h['content-encoding'] ?? 'identity', raw: 0, wire: 0 });
  });
  cdp.on('Network.dataReceived', (e: any) => {
    const r = requests.get(e.requestId);
    if (r) r.raw += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e: any) => {
    const r = requests.get(e.requestId);
    if (r) r.wire = e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'networkidle', timeout: 120_000 });
  await page.waitForTimeout(1000);
  const m = await page.evaluate(() => {
    const w = window as any;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    return { lcp: w.__lcp as number, cls: w.__cls as number, fcp };
  });
  await context.close();
  const all = [...requests.values()];
  const js = all.filter((r) => r.type === 'Script');
  return {
    ...m,
    jsRaw: js.reduce((a, r) => a + r.raw, 0),
    jsWire: js.reduce((a, r) => a + r.wire, 0),
    jsFiles: js.map((r) => new URL(r.url).pathname),
    encodings: [...new Set(js.map((r) => r.encoding))],
    allWire: all.reduce((a, r) => a + r.wire, 0),
    requests: all.length,
  };
}

async function main() {
  if (!existsSync(join(h5Dir, 'index.html'))) throw new Error(`no H5 build in ${h5Dir}: run npm run build:h5 first`);
  const build = buildFigures();
  console.log(`H5 build ${relative(root, h5Dir) || h5Dir}`);
  const row = (label: string, f: { files: number; raw: number; gzip: number; br: number }) =>
    console.log(
      `  ${label.padEnd(14)} ${String(f.files).padStart(3)} files  raw ${kib(f.raw).padStart(11)}  gzip ${kib(f.gzip).padStart(10)}  br ${kib(f.br).padStart(10)}`,
    );
  row('js/ (entry)', build.entryJs);
  row('chunk/*.js', build.chunkJs);
  row('css', build.css);
  console.log(`  page chunks: smallest ${kib(build.chunkJs.smallest)}, median ${kib(build.chunkJs.median)}, largest ${kib(build.chunkJs.largest)}`);
  console.log(`  largest JS: ${build.largest.map((f) => `${f.file} ${kib(f.raw)}`).join(', ')}`);

  const dataDir = mkdtempSync(join(tmpdir(), 'bench-h5-'));
  const deps = await openLocalDeps(dataDir);
  await seedLocal(deps, { members: 2000, log: () => undefined });
  const server = createGateway({ deps, devLogin: true, staticDir: h5Dir });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const results: Record<string, Record<string, Load[]>> = {};
  try {
    for (const p of PAGES) for (const mode of modes) await load(browser, base + p.path, mode, false); // warm-up: the gateway's compression, Chromium
    for (let i = 0; i < runs; i++) {
      for (const p of PAGES) {
        for (const mode of modes) {
          const r = await load(browser, base + p.path, mode, true);
          ((results[p.name] ??= {})[mode] ??= []).push(r);
        }
      }
    }
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
    // the store's close can wait on nothing that keeps Node running (it would exit here, silently): bounded
    await Promise.race([deps.store.close(), new Promise((r) => setTimeout(r, 2000))]);
    rmSync(dataDir, { recursive: true, force: true });
  }

  console.log(`\nFirst visit, ${runs} run(s) each, medians (CPU ${CPU_SLOWDOWN}×, ${NETWORK.latency} ms RTT, 1.6 Mbit/s):`);
  console.log('  page      mode      JS files  JS raw       JS on the wire  all on the wire  FCP       LCP       CLS');
  const summary: Record<string, unknown> = {};
  for (const p of PAGES) {
    for (const mode of modes) {
      const rs = results[p.name][mode];
      const s = {
        jsFiles: rs[0].jsFiles.length,
        jsRaw: median(rs.map((r) => r.jsRaw)),
        jsWire: median(rs.map((r) => r.jsWire)),
        allWire: median(rs.map((r) => r.allWire)),
        fcpMs: Math.round(median(rs.map((r) => r.fcp))),
        lcpMs: Math.round(median(rs.map((r) => r.lcp))),
        lcpRangeMs: [Math.round(Math.min(...rs.map((r) => r.lcp))), Math.round(Math.max(...rs.map((r) => r.lcp)))],
        cls: Number(median(rs.map((r) => r.cls)).toFixed(3)),
        encodings: rs[0].encodings,
        files: rs[0].jsFiles,
      };
      summary[`${p.name}/${mode}`] = s;
      console.log(
        `  ${p.name.padEnd(9)} ${mode.padEnd(9)} ${String(s.jsFiles).padStart(8)}  ${kib(s.jsRaw).padStart(11)}  ${kib(s.jsWire).padStart(14)}  ${kib(s.allWire).padStart(15)}  ${`${s.fcpMs} ms`.padStart(8)}  ${`${s.lcpMs} ms`.padStart(8)}  ${s.cls.toFixed(3)}`,
      );
    }
  }
  for (const p of PAGES) console.log(`  ${p.name} loads: ${(summary[`${p.name}/${modes[0]}`] as { files: string[] }).files.join(' ')}`);
  console.log(JSON.stringify({ h5Dir: relative(root, h5Dir) || h5Dir, runs, build, pages: summary }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
