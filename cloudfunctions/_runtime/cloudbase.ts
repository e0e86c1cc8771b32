/**
 * The CloudBase entry: turns a cloud function into `exports.main(event, context)`.
 * Identity comes from the runtime (`auth().getUserInfo().openId`, injected by WeChat for calls from
 * the mini-program); a timer trigger (`event.Type === 'Timer'`) runs the action named by the
 * trigger as the system caller. Dependencies are built once per container (warm starts reuse them).
 */
import tcb from '@cloudbase/node-sdk';
import type { CloudFunction, Envelope } from './define';
import type { Dependencies } from '../../core/shared/ports';
import { openCloudbaseDocStore } from '../../adapters/cloudbase/docstore';
import { cloudbaseFiles } from '../../adapters/cloudbase/files';
import { createCrypto, loadMasterKey } from '../../adapters/crypto';
import { loadAppConfig } from '../../config/app';
import { ALL_COLLECTIONS } from '../registry-collections';

let depsPromise: Promise<Dependencies> | null = null;

function buildDeps(): Promise<Dependencies> {
  depsPromise ??= (async () => {
    const env = process.env.TCB_ENV_ID || process.env.SCF_NAMESPACE || (tcb.SYMBOL_CURRENT_ENV as unknown as string);
    const store = openCloudbaseDocStore({ env });
    await store.ensureCollections(ALL_COLLECTIONS);
    return { store, clock: { now: () => Date.now() }, crypto: createCrypto(loadMasterKey()), config: loadAppConfig(), files: cloudbaseFiles({ env }) };
  })();
  return depsPromise;
}

interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
}

export function cloudbaseMain(fn: CloudFunction) {
  return async function main(event: unknown): Promise<Envelope> {
    const deps = await buildDeps();
    if ((event as TimerEvent)?.Type === 'Timer') {
      return fn.invoke({ action: (event as TimerEvent).TriggerName, data: {} }, { uid: null, system: true }, deps);
    }
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
    const user = await app.auth().getUserInfo();
    return fn.invoke(event, { uid: user.openId || null }, deps);
  };
}
