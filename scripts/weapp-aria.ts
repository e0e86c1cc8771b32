/**
 * What Taro's weapp runtime sends for an element, with this app's component list: the weapp platform's
 * runtime, then src/components/weapp-aria.json merged as src/app.tsx does, then Taro's own `hydrate` of
 * a Tappable (a View with a tap handler, aria-role and aria-label) and an inline Tappable (a Text), and
 * where page-meta's page-style is read from. Prints JSON; scripts/weapp-aria.test.ts holds it against
 * the built base.wxml. Run with tsx (Taro's runtime files are ES modules): `npx tsx scripts/weapp-aria.ts`.
 */
import { createRequire } from 'node:module';
import aria from '../src/components/weapp-aria.json';

// the build-time switches Taro's runtime reads (webpack defines them in the real build)
for (const flag of ['INNER_HTML', 'ADJACENT_HTML', 'SIZE_APIS', 'TEMPLATE_CONTENT', 'CLONE_NODE', 'CONTAINS', 'MUTATION_OBSERVER']) {
  (globalThis as Record<string, unknown>)[`ENABLE_${flag}`] = false;
}
const load = createRequire(__filename);
load('@tarojs/plugin-platform-weapp/dist/runtime');
const { mergeInternalComponents } = load('@tarojs/shared') as typeof import('@tarojs/shared');
mergeInternalComponents(aria);

interface TaroNode {
  setAttribute(name: string, value: string): void;
  addEventListener(type: string, fn: () => void): void;
  className: string;
}
const runtime = load('@tarojs/runtime') as {
  document: { createElement(type: string): TaroNode };
  hydrate(node: TaroNode): Record<string, unknown>;
  getComponentsAlias(): Record<string, Record<string, string>>;
};

function tappable(tag: 'view' | 'text', role: string, label: string) {
  const el = runtime.document.createElement(tag);
  el.className = tag === 'view' ? 'tappable' : 'tappable-inline';
  el.setAttribute('ariaRole', role);
  el.setAttribute('ariaLabel', label);
  el.addEventListener('tap', () => undefined);
  return runtime.hydrate(el);
}

export const sample = {
  view: tappable('view', 'button', '切换到 李娜（会员）'),
  text: tappable('text', 'link', '查看详情'),
  pageStyle: runtime.getComponentsAlias()['page-meta']?.pageStyle,
};

console.log(JSON.stringify(sample));
