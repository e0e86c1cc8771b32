/**
 * The CloudBase emulation for tests: the real `@cloudbase/node-sdk` with only its transport replaced.
 *
 * `tcb.init({ env }).database()` is called as in production, so every action goes through the SDK's
 * own builders and serializers and ends in `new Db.reqClass(config).send(action, params)`. Here
 * `Db.reqClass` is this module's `EmulatedRequest`: for an environment opened by
 * `openEmulatedCloudbase` it sends the params over a JSON round trip (what the wire would carry) to
 * an in-process `CloudbaseEmulatorServer` (`server.ts`: what it emulates and what it cannot tell you)
 * and turns an error answer into the SDK's own `TcbError` with node-sdk's `processReturn`, exactly
 * as its HTTP requester does; any other environment still goes to the real requester. The SDK
 * re-assigns `Db.reqClass` on every `database()` call, so the property is kept by a setter that
 * records the real class instead.
 */
import tcb from '@cloudbase/node-sdk';
import { Db } from '@cloudbase/database';
import { CloudbaseDocStore } from '../docstore';
import { CloudbaseEmulatorServer, type Answer, type EmulatorOptions } from './server';

export { CloudbaseEmulatorServer, ERRORS as CLOUDBASE_ERRORS, type EmulatorOptions, type Interceptor } from './server';

// node-sdk's error path for a database answer carrying `code` (its `tcbapirequester.request` calls this)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { processReturn } = require('@cloudbase/node-sdk/dist/utils/utils') as { processReturn: (r: unknown) => never };

type Requester = { send(action: string, data?: object, opts?: object): Promise<unknown> };
type RequesterClass = new (config: Record<string, unknown>) => Requester;

const servers = new Map<string, CloudbaseEmulatorServer>();
let realRequester: RequesterClass | null = null;

class EmulatedRequest implements Requester {
  private readonly server: CloudbaseEmulatorServer | undefined;
  private readonly real: Requester | undefined;

  constructor(config: Record<string, unknown>) {
    this.server = servers.get(String(config?.envName ?? config?.env));
    if (!this.server) {
      if (!realRequester) throw new Error('CloudBase emulator: no real request class recorded');
      this.real = new realRequester(config);
    }
  }

  async send(action: string, data: object = {}, opts?: object): Promise<unknown> {
    if (this.real) return this.real.send(action, data, opts);
    const params = JSON.parse(JSON.stringify({ ...data, action }));
    const answer: Answer = JSON.parse(JSON.stringify(await this.server!.handle(action, params)));
    if (answer.code) return processReturn(answer);
    return answer;
  }
}

function install() {
  const desc = Object.getOwnPropertyDescriptor(Db, 'reqClass');
  if (desc?.get) return;
  realRequester = (Db.reqClass as RequesterClass | undefined) ?? null;
  Object.defineProperty(Db, 'reqClass', {
    configurable: true,
    get: () => EmulatedRequest,
    set: (cls: RequesterClass) => {
      if (cls !== EmulatedRequest) realRequester = cls;
    },
  });
}

let opened = 0;

export interface EmulatedCloudbase {
  env: string;
  server: CloudbaseEmulatorServer;
  db: ReturnType<ReturnType<typeof tcb.init>['database']>;
  close(): void;
}

/** A fresh, empty emulated environment and the SDK's database object for it. */
export function openEmulatedCloudbase(opts: EmulatorOptions = {}): EmulatedCloudbase {
  install();
  const env = `emulated-${process.pid}-${++opened}`;
  const server = new CloudbaseEmulatorServer(opts);
  servers.set(env, server);
  const db = tcb.init({ env }).database();
  return { env, server, db, close: () => void servers.delete(env) };
}

/** CloudbaseDocStore over a fresh emulated database; `emulator` is its server (inspect, inject faults). */
export class EmulatedCloudbaseDocStore extends CloudbaseDocStore {
  constructor(private readonly emulated: EmulatedCloudbase) {
    super(emulated.db);
  }

  get emulator(): CloudbaseEmulatorServer {
    return this.emulated.server;
  }

  async close(): Promise<void> {
    await super.close();
    this.emulated.close();
  }
}

export function openEmulatedCloudbaseDocStore(opts: EmulatorOptions = {}): EmulatedCloudbaseDocStore {
  return new EmulatedCloudbaseDocStore(openEmulatedCloudbase(opts));
}
