/**
 * Who may do what: every action of every function × every persona. The authorization test
 * (authorization.test.ts) calls each cell against a seeded world and requires exactly this; the
 * table in docs/AUTHORIZATION.md is rendered from it (`npm run docs:authz`).
 *
 * Cells:  Y  allowed      -  refused (UNAUTHENTICATED, FORBIDDEN, or NOT_FOUND for a target out of reach)
 *         f  allowed, but what it answers holds nothing of the other org (lists, counts, boards)
 * "This union" is 星海精密制造有限公司工会 (org_union_001) in the park federation (org_park); every
 * target below belongs to it or to the park unless the row says otherwise.
 */
export const PERSONAS = [
  { key: 'anonymous', persona: null, label: '匿名' },
  { key: 'worker', persona: 'worker', label: '职工' },
  { key: 'member', persona: 'member', label: '会员' },
  { key: 'officer', persona: 'union-officer', label: '本会干部' },
  { key: 'officer_other', persona: 'union-officer-b', label: '他会干部' },
  { key: 'federation', persona: 'federation-officer', label: '上级联合会' },
  { key: 'federation_other', persona: 'federation-officer-b', label: '其他联合会' },
  { key: 'lawyer', persona: 'lawyer', label: '驻点律师' },
  { key: 'social_worker', persona: 'social-worker', label: '社工' },
  { key: 'finance', persona: 'finance', label: '财务' },
  { key: 'admin', persona: 'admin', label: '管理员' },
] as const;

/** `function.action` or `function.action#variant` → (what the row tests, ten cells in PERSONAS order) */
export const MATRIX: Record<string, [string, string]> = {
  'member.submitApplication': ["submit one's own join application", '-YYYYYYYYYY'],
  'member.resubmitApplication': ["resubmit one's own application after a request for information", '-YYYYYYYYYY'],
  'member.resubmitApplication#other': ["resubmit someone else's application", '-----------'],
  'member.withdrawApplication': ["withdraw one's own application", '-YYYYYYYYYY'],
  'member.withdrawApplication#other': ["withdraw someone else's application", '-----------'],
  'member.myStatus': ["one's own joining status", '-YYYYYYYYYY'],
  'member.myCard': ["one's own member card", '--Y--------'],
  'member.listQueue': ['the join queue (own default scope) holding an application to this union', '---YfYf-f-Y'],
  'member.listQueue#org': ['the join queue of this union, asked for by org', '---Y-Y----Y'],
  'member.getApplication': ['an application to this union', '---Y-Y----Y'],
  'member.getApplication#assigned': ['an application from an enterprise assigned to the social worker', '-----Y--Y-Y'],
  'member.decide': ['decide an application to this union', '---Y-Y----Y'],
  'member.verifyCard': ['verify a member card', '---YYYY---Y'],
  'member.escalateOverdue': ['timer job', '-----------'],
  'org.searchEnterprises': ['search employers', 'YYYYYYYYYYY'],
  'org.getEnterprise': ['an employer by id', 'YYYYYYYYYYY'],
  'org.whoami': ["who one is and one's grants", '-YYYYYYYYYY'],
  'org.myScope': ['orgs one may work on (a social worker: the org she is placed with)', '---YfYf-f-Y'],
  'org.tree': ['the org tree', '---YfYfYY-Y'],
  'org.createOrg': ['create a joint union under the park federation', '-----Y----Y'],
  'org.listStaff': ["staff and grants (includes this union's officer)", '---YfYf---Y'],
  'org.findPeople': ["find people to grant a role to, by name (this union's officer 陈静)", '-----Yf---Y'],
  'org.grantRole': ['grant an officer role on this union', '-----Y----Y'],
  'org.revokeRole': ['revoke an officer role on this union', '-----Y----Y'],
  'org.workload': ["social workers' workload (the park's social worker)", '-----Yf-Y-Y'],
  'org.assessSix': ['assess this union on the six items', '-----Y----Y'],
  'org.getSix': ["this union's current assessment", '---Y-Y----Y'],
  'org.sixBoard': ['the six-items board (includes this union)', '---YfYf---Y'],
  'org.uploadFile': ['upload a file', '-YYYYYYYYYY'],
  'org.uploadSlot': ['a storage path for a WeChat upload', '-YYYYYYYYYY'],
  'org.registerUpload': ["register a file uploaded to someone else's storage path", '-----------'],
  'org.getFile': ['a file one uploaded', '-YYYYYYYYYY'],
  'org.getFile#founding': ['election papers of a founding in the park, uploaded by its organizer', '-----Y----Y'],
  'org.sweepUploads': ['timer job', '-----------'],
  'activity.health': ['no-op', 'YYYYYYYYYYY'],
  'activity.publish': ['publish for this union', '---Y-Y----Y'],
  'activity.publishSlots': ['publish a series of booking slots for this union', '---Y-Y----Y'],
  'activity.list': ['browse activities', 'YYYYYYYYYYY'],
  'activity.manage': ["the officers' activity list (own default scope) holding this union's activity", '---YfYf---Y'],
  'activity.get': ['an activity', 'YYYYYYYYYYY'],
  'activity.signup': ['sign up for an activity open to every worker', '-YYYYYYYYYY'],
  'activity.signup#members': ["sign up for an activity of this union's members only", '--Y--------'],
  'activity.cancel': ["cancel one's own signup", '-YYYYYYYYYY'],
  'activity.mySignups': ["one's own signups", '-YYYYYYYYYY'],
  'activity.roster': ["roster of this union's activity", '---Y-Y----Y'],
  'activity.close': ["close this union's activity", '---Y-Y----Y'],
  'activity.cancelActivity': ["cancel this union's activity", '---Y-Y----Y'],
  'activity.checkInCode': ["the rotating check-in code of this union's activity", '---Y-Y----Y'],
  'activity.checkIn': ['check oneself in with that code', '-YYYYYYYYYY'],
  'activity.checkInByCard': ["check a member in by card at this union's activity", '---Y-Y----Y'],
  'activity.exportRoster': ["export the roster of this union's activity", '---Y-Y----Y'],
  'activity.poster': ['the poster of an activity', 'YYYYYYYYYYY'],
  'activity.remindUpcoming': ['timer job', '-----------'],
  'activity.reconcile': ['timer job', '-----------'],
  'founding.apply': ['apply to found a union', '-YYYYYYYYYY'],
  'founding.mine': ["one's own founding applications", '-YYYYYYYYYY'],
  'founding.get': ["one's own founding application", '-YYYYYYYYYY'],
  'founding.get#other': ["someone else's founding in the park", '-----Y----Y'],
  'founding.queue': ['the founding queue (holds one in the park)', '-----Yf---Y'],
  'founding.decide': ['approve preparation of a founding in the park', '-----Y----Y'],
  'founding.submitElection': ["upload the election result of one's own founding", '-YYYYYYYYYY'],
  'founding.submitElection#other': ["upload it for someone else's founding", '-----------'],
  'founding.withdraw': ["withdraw one's own founding application", '-YYYYYYYYYY'],
  'founding.escalateOverdue': ['timer job', '-----------'],
  'transfer.start': ["start one's own transfer", '--Y--------'],
  'transfer.startForMember': ['start a transfer for a member of this union', '---Y-Y----Y'],
  'transfer.mine': ["one's own transfers", '-YYYYYYYYYY'],
  'transfer.cancel': ["cancel one's own transfer", '--Y--------'],
  'transfer.cancel#other': ["cancel someone else's transfer", '-----------'],
  'transfer.release': ["release a member of this union (within the old union's days)", '---Y------Y'],
  'transfer.release#overdue': ["release it after the old union's days have passed", '---Y-Y----Y'],
  'transfer.accept': ['accept a member moving from this union into another park union', '----YY----Y'],
  'transfer.refuse': ['refuse that member', '----YY----Y'],
  'transfer.queue': ['the out-queue (holds a member leaving this union)', '---YfYf---Y'],
  'transfer.get': ['a member moving from this union into another park union', '---YYY----Y'],
  'transfer.lookup': ['look a voucher up by its code', '---YYY----Y'],
  'transfer.repair': ['timer job', '-----------'],
  'notify.templates': ["subscribe-message templates per moment, one's remaining consents", '-YYYYYYYYYY'],
  'notify.subscribe': ['record the templates one accepted', '-YYYYYYYYYY'],
  'notify.inbox': ["one's own messages (holds a message to this union's officer)", '-ffYfffffff'],
  'notify.unreadCount': ["one's own unread count", '-YYYYYYYYYY'],
  'notify.markRead': ["mark one's own messages read", '-YYYYYYYYYY'],
  'notify.send': ['timer job', '-----------'],
};

/** The matrix as a Markdown table. */
export function renderMatrix(): string {
  const head = `| action | what | ${PERSONAS.map((p) => p.label).join(' | ')} |`;
  const rule = `|---|---|${PERSONAS.map(() => ':-:').join('|')}|`;
  const sym = { Y: '✓', '-': '✗', f: '✓ (filtered)' } as Record<string, string>;
  const rows = Object.entries(MATRIX).map(([key, [what, cells]]) => `| \`${key}\` | ${what} | ${[...cells].map((c) => sym[c]).join(' | ')} |`);
  const count = Object.keys(MATRIX).length;
  return [
    '# Authorization matrix',
    '',
    '<!-- generated by `npm run docs:authz` from cloudfunctions/authorization.matrix.ts; the authorization test keeps it true -->',
    '',
    `Every action of every cloud function, called by each persona against a seeded world (${count} rows × ${PERSONAS.length} personas = ${count * PERSONAS.length} calls in \`cloudfunctions/authorization.test.ts\`).`,
    '“本会” is 星海精密制造有限公司工会 in the park federation; targets belong to it or to the park unless the row says otherwise.',
    "✓ allowed · ✗ refused (not signed in, forbidden, or a target out of reach reported as not found) · ✓ (filtered) allowed, and the answer holds nothing of an org outside the caller's scope.",
    '',
    head,
    rule,
    ...rows,
    '',
  ].join('\n');
}
