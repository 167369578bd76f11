/** Tutors and the services they sell: plain records, no lifecycle of their own. */
import { eq } from 'drizzle-orm';
import type { ServiceInput, TutorInput, TutorPatch } from '../shared/api';
import type { Db } from './db';
import { services, tutors, type ServiceRow, type TutorRow } from './db/schema';
import { LessonError } from './errors';
import { newId } from './ids';
import { retainCopiesOf } from './lesson-record/archive';

export async function addTutor(db: Db, input: TutorInput): Promise<TutorRow> {
  const [row] = await db
    .insert(tutors)
    .values({
      id: newId('tu'),
      name: input.name,
      email: input.email.toLowerCase(),
      timezone: input.timezone,
      zoomUserId: input.zoom_user_id ?? null,
      defaultProvider: input.default_provider,
      backupLink: input.backup_link ?? null,
      allowedOrigins: input.allowed_origins,
      zoomHosts: input.zoom_hosts,
      publicSlug: input.public_slug ?? null,
      bookingUrl: input.booking_url ?? null,
      language: input.language,
      ...reminderColumns(input.reminders),
      attendanceGraceMinutes: input.attendance_grace_minutes,
      recordingRetentionDays: input.recording_retention_days,
      photoUrl: input.photo_url ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    if (input.public_slug && (await slugOwner(db, input.public_slug))) throw slugTaken(input.public_slug);
    throw new LessonError(409, 'tutor_exists', `A tutor with email ${input.email} already exists.`);
  }
  return row;
}

const slugTaken = (slug: string) =>
  new LessonError(409, 'public_slug_taken', `Another tutor's public page is /t/${slug}: choose another public_slug.`);

const slugOwner = async (db: Db, slug: string) =>
  (await db.select({ id: tutors.id }).from(tutors).where(eq(tutors.publicSlug, slug)))[0]?.id;

/** Changes what was sent; an email another tutor has is refused (409) and nothing changes. */
export async function updateTutor(db: Db, id: string, patch: TutorPatch): Promise<TutorRow> {
  const changes = {
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.email !== undefined && { email: patch.email.toLowerCase() }),
    ...(patch.timezone !== undefined && { timezone: patch.timezone }),
    ...(patch.zoom_user_id !== undefined && { zoomUserId: patch.zoom_user_id }),
    ...(patch.default_provider !== undefined && { defaultProvider: patch.default_provider }),
    ...(patch.backup_link !== undefined && { backupLink: patch.backup_link }),
    ...(patch.allowed_origins !== undefined && { allowedOrigins: [...new Set(patch.allowed_origins)] }),
    ...(patch.zoom_hosts !== undefined && { zoomHosts: [...new Set(patch.zoom_hosts)] }),
    ...(patch.public_slug !== undefined && { publicSlug: patch.public_slug }),
    ...(patch.booking_url !== undefined && { bookingUrl: patch.booking_url }),
    ...(patch.language !== undefined && { language: patch.language }),
    ...reminderColumns(patch.reminders),
    ...(patch.attendance_grace_minutes !== undefined && { attendanceGraceMinutes: patch.attendance_grace_minutes }),
    ...(patch.recording_retention_days !== undefined && { recordingRetentionDays: patch.recording_retention_days }),
    ...(patch.photo_url !== undefined && { photoUrl: patch.photo_url }),
  };
  if (changes.email) {
    const [other] = await db.select({ id: tutors.id }).from(tutors).where(eq(tutors.email, changes.email));
    if (other && other.id !== id)
      throw new LessonError(409, 'tutor_exists', `Another tutor already has email ${changes.email}.`);
  }
  if (changes.publicSlug) {
    const owner = await slugOwner(db, changes.publicSlug);
    if (owner && owner !== id) throw slugTaken(changes.publicSlug);
  }
  const [row] = await db
    .update(tutors)
    .set(changes)
    .where(eq(tutors.id, id))
    .returning()
    .catch((e: Error) => {
      // Another tutor took the slug between the check and the write.
      if (changes.publicSlug && /UNIQUE.*public_slug/.test(`${e.message} ${(e.cause as Error)?.message}`))
        throw slugTaken(changes.publicSlug);
      throw e;
    });
  if (!row) throw new LessonError(404, 'tutor_not_found', `No tutor has id ${id}.`);
  if (changes.recordingRetentionDays !== undefined) await retainCopiesOf(db, id);
  return row;
}

/** The reminder switches sent, as columns; the ones left out are not touched. */
function reminderColumns(r: TutorPatch['reminders']) {
  return {
    ...(r?.day_before !== undefined && { remindDayBefore: r.day_before }),
    ...(r?.hour_before !== undefined && { remindHourBefore: r.hour_before }),
    ...(r?.join_open !== undefined && { remindJoinOpen: r.join_open }),
  };
}

export async function getTutor(db: Db, id: string): Promise<TutorRow> {
  const [row] = await db.select().from(tutors).where(eq(tutors.id, id));
  if (!row) throw new LessonError(404, 'tutor_not_found', `No tutor has id ${id}.`);
  return row;
}

/** A tutor who opted in to a public page, and their services; null for any other slug. */
export async function publicTutor(db: Db, slug: string): Promise<{ tutor: TutorRow; services: ServiceRow[] } | null> {
  const [tutor] = await db.select().from(tutors).where(eq(tutors.publicSlug, slug));
  if (!tutor) return null;
  return { tutor, services: await db.select().from(services).where(eq(services.tutorId, tutor.id)) };
}

export async function addService(db: Db, input: ServiceInput): Promise<ServiceRow> {
  const [tutor] = await db.select({ id: tutors.id }).from(tutors).where(eq(tutors.id, input.tutor_id));
  if (!tutor)
    throw new LessonError(404, 'tutor_not_found', `No tutor has id ${input.tutor_id}. Create the tutor first.`);
  const [row] = await db
    .insert(services)
    .values({
      id: newId('sv'),
      tutorId: input.tutor_id,
      name: input.name,
      durationMinutes: input.duration_minutes,
      autoRecording: input.auto_recording,
      waitingRoom: input.waiting_room,
    })
    .returning();
  return row!;
}
