/**
 * Records a client could have written are never trusted for who may do what. On CloudBase every
 * collection is admin-only (only functions read and write: `npm run deploy` sets it), and a document
 * written from the mini-program's own database API always carries the writer's `_openid`, which the
 * functions' admin SDK never sets. So a grant, a membership or a person lock that carries `_openid`
 * did not come from a function: it is treated as absent (defence in depth, should a permission ever
 * be set wrong by hand).
 */
export function clientWritten(doc: object | null | undefined): boolean {
  return !!doc && Object.prototype.hasOwnProperty.call(doc, '_openid');
}

/** The document, or null when a client could have written it. */
export function trusted<T extends object>(doc: T | null | undefined): T | null {
  return doc && !clientWritten(doc) ? doc : null;
}
