/**
 * The same DocStore contract against a real CloudBase environment. It needs credentials that this
 * repository's CI does not have, so without them the suite is reported as skipped (never passed).
 */
import { describeDocStoreContract } from '../docstore-contract.testkit';
import { openCloudbaseDocStore } from './docstore';

const { TCB_ENV_ID, TCB_SECRET_ID, TCB_SECRET_KEY } = process.env;
const configured = !!(TCB_ENV_ID && TCB_SECRET_ID && TCB_SECRET_KEY);

if (configured) {
  describeDocStoreContract('CloudBase', async () => openCloudbaseDocStore({ env: TCB_ENV_ID!, secretId: TCB_SECRET_ID, secretKey: TCB_SECRET_KEY }));
} else {
  console.warn('CloudBase DocStore contract skipped: set TCB_ENV_ID, TCB_SECRET_ID and TCB_SECRET_KEY to run it against a real environment.');
  // skipped for a reason that holds: no credentials here
  describe.skip('DocStore contract: CloudBase (skipped: TCB_ENV_ID, TCB_SECRET_ID, TCB_SECRET_KEY not set)', () => {
    it('runs the DocStore contract against CloudBase', () => undefined);
  });
}
