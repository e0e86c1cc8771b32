/**
 * Consent to subscribe messages (订阅消息), WeChat only; a no-op on H5 (there the inbox, 我的消息,
 * is how messages arrive). WeChat shows its consent sheet only from a tap, so a page calls
 * `askConsent(moment)` first thing in the tap handler, before awaiting anything, and carries on
 * with its own work at once; the template ids are fetched ahead (`usePreloadConsent`) so nothing is
 * awaited before the sheet opens. What the person accepted is recorded (`notify.subscribe`): each
 * acceptance lets the union send one message of that template. Never throws: a refused or failed
 * consent costs nothing, the message still reaches 我的消息.
 */
import { useEffect } from 'react';
import { call, type Output } from './index';
import type { Moment } from '../../core/notify/templates';
import { subscribeMessages } from '../platform/subscribe';

type Templates = Output<'notify', 'templates'>;

const canSubscribe = subscribeMessages.available;
let loaded: Templates | null = null;
let loading: Promise<Templates | null> | null = null;

/** Fetches (once per launch) which templates each moment asks for. */
export function preloadConsent(): Promise<Templates | null> {
  if (!canSubscribe) return Promise.resolve(null);
  loading ??= call('notify', 'templates', {})
    .then((t) => (loaded = t))
    .catch(() => {
      loading = null; // try again next time
      return null;
    });
  return loading;
}

/** For pages with a tap that asks consent: fetch the template ids when the page opens. */
export function usePreloadConsent(): void {
  useEffect(() => {
    preloadConsent();
  }, []);
}

/** How many more messages of the moment's templates the person may receive (WeChat only; null elsewhere or before loading). */
export function remainingFor(moment: Moment): number | null {
  if (!loaded) return null;
  const ids = loaded.moments[moment] ?? [];
  return ids.length ? Math.min(...ids.map((id) => loaded!.remaining[id] ?? 0)) : null;
}

/**
 * Asks for consent to the moment's templates (at most 3). Call it synchronously inside a tap handler.
 * Resolves to the ids accepted (empty on H5, when nothing is configured, or when refused).
 */
export function askConsent(moment: Moment): Promise<string[]> {
  if (!canSubscribe || !loaded) {
    preloadConsent();
    return Promise.resolve([]);
  }
  const tmplIds = (loaded.moments[moment] ?? []).slice(0, 3);
  if (!tmplIds.length) return Promise.resolve([]);
  return subscribeMessages
    .request(tmplIds)
    .then(async (answers) => {
      const accepted = tmplIds.filter((id) => answers[id] === 'accept');
      if (accepted.length) {
        const r = await call('notify', 'subscribe', { accepted });
        if (loaded) loaded = { ...loaded, remaining: r.remaining };
      }
      return accepted;
    })
    .catch(() => []);
}
