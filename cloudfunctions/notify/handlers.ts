/** The `notify` function: consent to subscribe messages, the inbox (我的消息), the sender. Thin: contract → use case. */
import { defineFunction } from '../_runtime/define';
import { notifyContract } from '../../core/notify/contract';
import * as consent from '../../core/notify/consent';
import * as inbox from '../../core/notify/inbox';
import { send, type SenderPorts } from '../../core/notify/sender';
import { logNotifier } from '../../adapters/notify/log';
import { loadTemplateConfig } from '../../config/notify';

/** The function over a sender and template ids: WeChat's on CloudBase (index.ts), the log locally (below). */
export function notifyFunction(ports: SenderPorts) {
  return defineFunction('notify', notifyContract, {
    templates: ({ deps, caller }) => consent.templatesFor(deps, caller, ports.templates),
    subscribe: ({ deps, caller }, input) => consent.subscribe(deps, caller, ports.templates, input),
    inbox: ({ deps, caller }, input) => inbox.inbox(deps, caller, input),
    unreadCount: ({ deps, caller }) => inbox.unreadCount(deps, caller),
    markRead: ({ deps, caller }, input) => inbox.markRead(deps, caller, input),
    send: ({ deps }) => send(deps, ports),
  });
}

/** Off WeChat (the gateway, tests): a log line per message, kept in `localNotifier.sent`; unset template ids get `local-<name>`. */
const print = (line: string) => {
  if (!process.env.JEST_WORKER_ID) console.log(line);
};
export const localNotifier = logNotifier(print);
export const localTemplates = loadTemplateConfig(process.env, { placeholders: true });
export const notify = notifyFunction({ notifier: localNotifier, templates: localTemplates, log: print });
