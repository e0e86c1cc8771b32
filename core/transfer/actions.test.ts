/** What each viewer of a transfer may do, as the server tells the pages (TransferView.actions). */
import { transferActionsFor, type TransferViewer } from './machine';

const member: TransferViewer = { member: true, from: false, to: false };
const oldUnion: TransferViewer = { member: false, from: true, to: false };
const newUnion: TransferViewer = { member: false, from: false, to: true };
const outsider: TransferViewer = { member: false, from: false, to: false };
const keys = (...a: Parameters<typeof transferActionsFor>) => transferActionsFor(...a).map((x) => x.key);

describe('transfer actions per viewer', () => {
  it('awaiting release: the old union may release it (办理转出), the member may cancel, the new union waits', () => {
    // Given a transfer awaiting release, not claimed
    // When each side looks at it
    // Then
    expect(transferActionsFor('awaiting_release', null, oldUnion)).toEqual([{ key: 'release', label: '办理转出', needsReason: false }]);
    expect(transferActionsFor('awaiting_release', null, member)).toEqual([{ key: 'cancel', label: '取消接转', needsReason: false }]);
    expect(keys('awaiting_release', null, newUnion)).toEqual([]);
    expect(keys('awaiting_release', null, outsider)).toEqual([]);
  });

  it('released: the new union may accept or refuse (with a reason), the member may still cancel, the old union has nothing left', () => {
    expect(transferActionsFor('released', null, newUnion)).toEqual([
      { key: 'accept', label: '接收', needsReason: false },
      { key: 'refuse', label: '不予接收', needsReason: true },
    ]);
    expect(keys('released', null, member)).toEqual(['cancel']);
    expect(keys('released', null, oldUnion)).toEqual([]);
  });

  it('an officer of both sides sees both sides’ actions for the status', () => {
    expect(keys('awaiting_release', null, { member: false, from: true, to: true })).toEqual(['release']);
    expect(keys('released', null, { member: false, from: true, to: true })).toEqual(['accept', 'refuse']);
  });

  it('closed or claimed by a closing event: nobody has an action', () => {
    const everyone: TransferViewer = { member: true, from: true, to: true };
    for (const status of ['accepted', 'refused', 'cancelled'] as const) expect(keys(status, null, everyone)).toEqual([]);
    expect(keys('released', 'accept', everyone)).toEqual([]);
    expect(keys('awaiting_release', 'cancel', everyone)).toEqual([]);
  });
});
