/**
 * The weapp build carries WeChat's accessibility attributes and every page's page-meta
 * (config/weapp-template.ts): what Taro's runtime sends for a Tappable (scripts/weapp-aria.ts, with the
 * same component list as src/app.tsx) lands in base.wxml's template for that element as
 * `aria-role` / `aria-label`, and each page's WXML starts with a page-meta whose page-style reads the
 * data largeText.ts sets.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureWeappBuild } from './weapp-build';
import { WEAPP_DIR } from './weapp-size';

jest.setTimeout(300_000);

beforeAll(ensureWeappBuild);

type Hydrated = Record<string, string>;
const sample = JSON.parse(
  execFileSync(process.execPath, [resolve(__dirname, '..', 'node_modules/tsx/dist/cli.mjs'), join(__dirname, 'weapp-aria.ts')], { encoding: 'utf8' }),
) as { view: Hydrated; text: Hydrated; pageStyle: string };

const template = (nn: string) => {
  const base = readFileSync(join(WEAPP_DIR, 'base.wxml'), 'utf8');
  return base.match(new RegExp(`<template name="tmpl_0_${nn}">([\\s\\S]*?)</template>`))?.[1] ?? '';
};
const aliasOf = (data: Hydrated, value: string) => Object.keys(data).find((k) => data[k] === value);

it.each([
  ['a Tappable (view)', 'view', 'button', '切换到 李娜（会员）'],
  ['an inline Tappable (text)', 'text', 'link', '查看详情'],
] as const)('%s reaches the WXML with aria-role and aria-label', (_, key, role, label) => {
  const data = sample[key];
  const tmpl = template(data.nn);
  expect(tmpl).toMatch(new RegExp(`^\\s*<${key} `));
  expect(tmpl).toContain('bindtap="eh"');
  expect(tmpl).toContain(`aria-role="{{i.${aliasOf(data, role)}}}"`);
  expect(tmpl).toContain(`aria-label="{{i.${aliasOf(data, label)}}}"`);
});

it('every page starts with a page-meta whose page-style is the data 大字模式 sets, and no navigation-bar', () => {
  const app = JSON.parse(readFileSync(join(WEAPP_DIR, 'app.json'), 'utf8')) as { pages: string[]; subPackages: Array<{ root: string; pages: string[] }> };
  const pages = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`.replace('//', '/')))];
  expect(pages.length).toBeGreaterThan(20);
  expect(sample.pageStyle).toMatch(/^p\d+$/);
  for (const page of pages) {
    const wxml = readFileSync(join(WEAPP_DIR, `${page}.wxml`), 'utf8');
    expect({ page, pageMeta: wxml.includes(`<page-meta data-sid="{{pageMeta.sid}}" page-style="{{pageMeta.${sample.pageStyle}||''}}">`) }).toEqual({
      page,
      pageMeta: true,
    });
    expect(wxml).not.toContain('navigation-bar');
  }
  // custom components keep Taro's template
  const comps = readdirSync(WEAPP_DIR).filter((f) => f.endsWith('.wxml') && f !== 'base.wxml');
  for (const f of comps) expect(readFileSync(join(WEAPP_DIR, f), 'utf8')).not.toContain('page-meta');
});
