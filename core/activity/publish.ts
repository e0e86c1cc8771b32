/**
 * Officers publish: one activity, training or booking slot, or a series of booking slots over
 * working days; an uploaded poster is checked on its bytes and copied to where anyone may see it.
 */
import type { z } from 'zod';
import { AppError } from '../shared/errors';
import type { Caller, SignedInCaller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { recordAudit } from '../shared/audit';
import { FILES, type FileDoc } from '../shared/files';
import { calendarFor } from '../shared/workdays';
import type { ActivityView, activityContract } from './contract';
import { ACTIVITIES, type ActivityDoc } from './model';
import { officerOrg } from './records';
import { toActivityView } from './views';

type C = typeof activityContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

/** Poster images: what a page may show, by the file's first bytes (the declared type is the client's word). */
const POSTER_FORMATS: Array<{ ext: 'jpg' | 'png' | 'webp'; is: (b: Uint8Array) => boolean }> = [
  { ext: 'jpg', is: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: 'png', is: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { ext: 'webp', is: (b) => Buffer.from(b.subarray(0, 4)).toString('latin1') === 'RIFF' && Buffer.from(b.subarray(8, 12)).toString('latin1') === 'WEBP' },
];
export const MAX_POSTER_BYTES = 2 * 1024 * 1024;

/**
 * Publishes an uploaded image as the poster: only the officer's own upload, only a JPG, PNG or WEBP
 * image (checked on its bytes), at most 2 MB. The private upload stays private; a copy goes where
 * anyone may see it (the Files port's public place) and its address becomes the activity's poster.
 */
async function publishPoster(deps: Dependencies, caller: Caller, fileId: string): Promise<string> {
  const bad = (message: string) => new AppError('VALIDATION', message, [{ path: ['posterFileId'], message }]);
  const file = await deps.store.get<FileDoc>(FILES, fileId);
  if (!file || file.uploadedBy !== caller.uid) throw bad('海报图片不存在或不是您上传的，请重新上传');
  if (file.size > MAX_POSTER_BYTES) throw bad('海报图片不能超过2MB');
  const bytes = await deps.files.get(file.ref);
  if (!bytes || bytes.length === 0) throw bad('海报图片未上传成功，请重新上传');
  const format = POSTER_FORMATS.find((f) => f.is(bytes));
  if (!format) throw bad('海报须是 JPG、PNG 或 WEBP 图片');
  return deps.files.putPublic(`poster_${file._id}.${format.ext}`, bytes);
}

export async function publish(deps: Dependencies, caller: SignedInCaller, input: In<'publish'>): Promise<ActivityView> {
  const org = await officerOrg(deps, caller, input.orgId);
  const posterUrl = input.posterFileId ? await publishPoster(deps, caller, input.posterFileId) : input.posterUrl;
  const now = deps.clock.now();
  const doc: ActivityDoc = {
    _id: `act_${now.toString(36)}${deps.crypto.randomId(4)}`,
    kind: input.kind,
    title: input.title,
    description: input.description,
    place: input.place,
    host: input.host,
    posterUrl,
    startAt: input.startAt,
    endAt: input.endAt,
    signupOpensAt: input.signupOpensAt,
    signupClosesAt: input.signupClosesAt,
    cancelCutoffAt: input.cancelCutoffAt ?? input.signupClosesAt,
    seats: input.seats,
    left: input.seats,
    waitlist: input.waitlist,
    membersOnly: input.membersOnly,
    perPersonLimit: input.perPersonLimit,
    orgId: org._id,
    orgName: org.name,
    federationId: org.federationId,
    cityId: org.cityId,
    status: 'open',
    createdBy: caller.uid,
    createdAt: now,
  };
  await deps.store.insert(ACTIVITIES, doc);
  await recordAudit(deps, {
    actorUid: doc.createdBy,
    action: 'activity.publish',
    target: { collection: ACTIVITIES, id: doc._id },
    before: null,
    after: { seats: doc.seats, title: doc.title },
  });
  return toActivityView(deps, doc, { role: 'officer' });
}

/**
 * Booking slots (法律咨询预约 and other services) as a series: `slotsPerDay` slots `everyMinutes`
 * apart, on `workingDays` consecutive working days (Asia/Shanghai, holiday calendar) from the first.
 * Each slot is an activity of its own on the seat engine, keeping the first slot's signup window
 * and cut-off relative to its start.
 */
export async function publishSlots(deps: Dependencies, caller: SignedInCaller, input: In<'publishSlots'>): Promise<{ items: ActivityView[] }> {
  const cal = calendarFor(deps.config.calendar);
  const first = input.first;
  // one poster for the whole series, published once
  const f = first.posterFileId ? { ...first, posterFileId: null, posterUrl: await publishPoster(deps, caller, first.posterFileId) } : first;
  const closeLead = f.startAt - f.signupClosesAt;
  const cancelLead = f.startAt - (f.cancelCutoffAt ?? f.signupClosesAt);
  const length = f.endAt - f.startAt;
  const items: ActivityView[] = [];
  let dayStart = f.startAt;
  for (let d = 0; d < input.workingDays; d++) {
    if (d > 0) dayStart = cal.addWorkingDays(dayStart, 1);
    for (let k = 0; k < input.slotsPerDay; k++) {
      const startAt = dayStart + k * input.everyMinutes * 60_000;
      items.push(
        await publish(deps, caller, {
          ...f,
          startAt,
          endAt: startAt + length,
          signupClosesAt: startAt - closeLead,
          cancelCutoffAt: startAt - cancelLead,
          signupOpensAt: Math.min(f.signupOpensAt, startAt - closeLead - 60_000),
        }),
      );
    }
  }
  return { items };
}
