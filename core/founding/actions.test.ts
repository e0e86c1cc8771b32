/** What each viewer of a founding may do, as the server tells the pages (FoundingView.actions). */
import { foundingActionsFor, type FoundingViewer } from './machine';

const federation: FoundingViewer = { federation: true, organizer: false };
const organizer: FoundingViewer = { federation: false, organizer: true };
const keys = (...a: Parameters<typeof foundingActionsFor>) => foundingActionsFor(...a).map((x) => x.key);

describe('founding actions per viewer', () => {
  it('submitted: the federation approves preparation or rejects (a note required); the organizer may withdraw', () => {
    // Given a submitted application; When each side looks at it; Then
    expect(foundingActionsFor('submitted', federation)).toEqual([
      { key: 'approve_preparation', label: '同意筹备', needsNote: false },
      { key: 'reject', label: '不予批准', needsNote: true },
    ]);
    expect(foundingActionsFor('submitted', organizer)).toEqual([{ key: 'withdraw', label: '撤回申请', needsNote: false }]);
  });

  it('preparing: the organizer submits the election results or withdraws; the federation waits', () => {
    expect(keys('preparing', organizer)).toEqual(['submit_election', 'withdraw']);
    expect(keys('preparing', federation)).toEqual([]);
  });

  it('elected: the federation approves establishment, returns or rejects (return and reject need a note); the organizer can no longer withdraw', () => {
    expect(foundingActionsFor('elected', federation)).toEqual([
      { key: 'approve_establishment', label: '批复成立', needsNote: false },
      { key: 'return', label: '退回补正', needsNote: true },
      { key: 'reject', label: '不予批准', needsNote: true },
    ]);
    expect(keys('elected', organizer)).toEqual([]);
  });

  it('closed: nobody has an action; someone neither side has none either', () => {
    const both: FoundingViewer = { federation: true, organizer: true };
    for (const status of ['established', 'rejected', 'withdrawn'] as const) expect(keys(status, both)).toEqual([]);
    expect(keys('submitted', { federation: false, organizer: false })).toEqual([]);
  });
});
