/**
 * Subscribe-message template configuration: `config/subscribe-templates.json` (ids and field keys),
 * with `WX_TEMPLATE_<NAME>` environment variables overriding the ids (e.g. `WX_TEMPLATE_REVIEW`).
 * Checked with zod at load: an unknown template name, or a key whose prefix is not its field's type,
 * stops the function from starting rather than failing every send with 47003.
 *
 * Locally (`placeholders`), a template without an id gets `local-<name>`, so consent, the sender and
 * its log run end to end on the gateway and in tests; on CloudBase an empty id means that kind of
 * message only reaches the inbox.
 */
import { z } from 'zod';
import file from './subscribe-templates.json';
import { TEMPLATE_NAMES, keysOf, type TemplateConfig, type TemplateName } from '../core/notify/templates';

const FileSchema = z.object({
  templates: z.partialRecord(
    z.enum(TEMPLATE_NAMES as [TemplateName, ...TemplateName[]]),
    z.object({ templateId: z.string().max(128).default(''), keys: z.record(z.string(), z.string().regex(/^[a-z_]+\d+$/)).default({}) }).strict(),
  ),
});

export const templateEnvName = (name: TemplateName) => `WX_TEMPLATE_${name.toUpperCase()}`;

export function loadTemplateConfig(
  env: Record<string, string | undefined> = process.env,
  opts: { placeholders?: boolean; file?: unknown } = {},
): TemplateConfig {
  const parsed = FileSchema.parse(opts.file ?? file);
  const out = {} as TemplateConfig;
  for (const name of TEMPLATE_NAMES) {
    const conf = parsed.templates[name];
    const templateId = (env[templateEnvName(name)] ?? '').trim() || conf?.templateId || (opts.placeholders ? `local-${name}` : '');
    out[name] = { templateId, keys: keysOf(name, conf?.keys) };
  }
  return out;
}

/** `miniprogram_state` of sent messages: which version of the mini-program a tap opens. */
export function miniprogramState(env: Record<string, string | undefined> = process.env): 'formal' | 'trial' | 'developer' {
  const v = env.WX_MINIPROGRAM_STATE;
  return v === 'trial' || v === 'developer' ? v : 'formal';
}
