/**
 * Taro plugin for the weapp build's templates (listed in config/index.ts):
 * - WeChat's accessibility attributes: Taro's base.wxml writes only the attributes it knows per
 *   component, so `ariaRole` / `ariaLabel` … set on a View, Text, Image or Button never reached the
 *   WXML. The attributes src/components/a11y.ts produces (src/components/weapp-aria.json) join Taro's list
 *   here, as @tarojs/plugin-inject's `components` option does; src/app.tsx merges the same list into
 *   the runtime's, so both agree on the shortened attribute names.
 * - 大字模式 (src/components/largeText.ts): every page's WXML starts with a `<page-meta>` whose
 *   `page-style` is bound to the page's `pageMeta` data (Taro's own
 *   `enablePageMeta` page template, for every page, without its empty `<navigation-bar>` child, so the
 *   native title bar keeps the app's title and colours).
 */
import WEAPP_ARIA_COMPONENTS from '../src/components/weapp-aria.json';

type BuildPageTemplate = (baseTempPath: string, page?: { content?: Record<string, unknown> }) => string;

interface PluginContext {
  helper: unknown;
  registerMethod(method: { name: string; fn: (platform: { template: MiniTemplate }) => void }): void;
}

interface MiniTemplate {
  mergeComponents(ctx: PluginContext, patch: Record<string, Record<string, string>>): void;
  buildPageTemplate: BuildPageTemplate;
}

/** the page-meta template Taro writes with `enablePageMeta`, reduced to the attributes the app sets */
export function pageMetaOnly(wxml: string): string {
  return wxml.replace(/\s*<navigation-bar[^>]*\/>/, '').replace(/<page-meta ([^>]*)>/, (_, attrs: string) => {
    const keep = attrs.match(/(data-sid|page-style)="[^"]*"/g) ?? [];
    return `<page-meta ${keep.join(' ')}>`;
  });
}

export default (ctx: PluginContext) => {
  if (process.env.TARO_ENV !== 'weapp') return;
  ctx.registerMethod({
    name: 'onSetupClose',
    fn(platform) {
      const template = platform.template;
      template.mergeComponents(ctx, WEAPP_ARIA_COMPONENTS);
      const build = template.buildPageTemplate;
      // pages pass their config; custom components (comp.wxml) pass none and keep Taro's template
      template.buildPageTemplate = (base, page) =>
        page ? pageMetaOnly(build(base, { ...page, content: { ...page.content, enablePageMeta: true } })) : build(base, page);
    },
  });
};
