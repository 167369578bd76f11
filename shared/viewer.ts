/**
 * What viewers read: a lesson, or a person's lessons, as the link's role may see them. The Worker
 * answers these at `/api/lessons/{id}`; `<lesson-join>` renders them.
 */
import * as z from 'zod/mini';
import { LessonNote, LessonSummary, PartyVerdict, RecordingLink } from './lesson-record';
import { named } from './named';
import { LESSON_PHASES, LESSON_STATUSES, MAX_LINKS_PER_READ, PROVIDERS, PROVISIONING_STATES, ROLES } from './terms';

const provider = z.enum(PROVIDERS);

/**
 * What `<lesson-join>` shows: one lesson as one role may see it. Times are ISO 8601 instants;
 * `server_time` lets a viewer with a wrong clock count down correctly.
 */
export const LessonView = named(
  'LessonView',
  z.object({
    kind: z.literal('lesson'),
    id: z.string(),
    role: z.enum(ROLES),
    phase: z.enum(LESSON_PHASES),
    status: z.enum(LESSON_STATUSES),
    provisioning: z.enum(PROVISIONING_STATES),
    /** The provider of the meeting in use, or the one the lesson will use. */
    provider,
    tutor_name: z.string(),
    /** The tutor's photo (https), shown beside their name; null when they have none. */
    tutor_photo_url: z.nullable(z.string()),
    student_name: z.string(),
    service_name: z.string(),
    starts_at: z.string(),
    ends_at: z.string(),
    duration_minutes: z.number(),
    timezone: z.string(),
    join_opens_at: z.string(),
    joining_open: z.boolean(),
    /** This lesson's stable link for this viewer (`/l/{id}`); null once the lesson is cancelled. */
    url: z.nullable(z.string()),
    /** Tutor only: the student's and the parent's stable lesson links, to share. */
    student_url: z.nullable(z.string()),
    parent_url: z.nullable(z.string()),
    passcode: z.nullable(z.string()),
    /** The meeting ID people type to join by hand (Zoom's digits); null when the provider has none. */
    meeting_number: z.nullable(z.string()),
    /** Joining is open and the provider has not said the host started: "Waiting for your tutor to start". */
    waiting_for_host: z.boolean(),
    /** Tutor only: whether Zoom has a finished recording of the lesson. Null for other roles. */
    recording_ready: z.nullable(z.boolean()),
    /**
     * Tutor and parent, once the lesson started: the tutor's and the student's attendance verdicts
     * (`final` 5 minutes after the end). Null for the student: their record is for the people who
     * teach and pay, and a verdict on their own card tells them nothing they do not know.
     */
    attendance: z.nullable(z.object({ final: z.boolean(), tutor: PartyVerdict, student: PartyVerdict })),
    /** Tutor only, while joining is open or the lesson is live: who is waiting (for the start, or to be admitted). */
    waiting: z.nullable(z.array(z.object({ name: z.string() }))),
    /**
     * The recording kept for the lesson, as signed links (three hours): always for the tutor, for the
     * student and the parent once the tutor shared it. Null when this viewer may not see it.
     */
    recordings: z.nullable(z.array(RecordingLink)),
    /** Tutor only: whether the recording is shared with the student and the parent. */
    recording_shared: z.nullable(z.boolean()),
    /** Tutor only: the lesson note, to finish and mark final. */
    note: z.nullable(LessonNote),
    /** Parent and tutor, once the note is final: the tutor's note and the attendance. */
    summary: z.nullable(LessonSummary),
    server_time: z.string(),
    /** When this view may change on its own (join opens, start, end, a link being prepared); null when it will not. */
    refresh_at: z.nullable(z.string()),
  }),
);

/** A person's link: their lessons as their role sees them, the next one first, then the upcoming, then recent ones. */
export const PersonView = named(
  'PersonView',
  z.object({
    kind: z.literal('person'),
    role: z.enum(ROLES),
    /** Whose lessons these are: the student's or tutor's name, or the parent's email. */
    name: z.string(),
    lessons: z.array(LessonView),
    server_time: z.string(),
    refresh_at: z.nullable(z.string()),
  }),
);

/** What `/api/lessons/{link}` answers: one lesson, or a person's lessons (`kind` says which). */
export const LinkView = named('LinkView', z.union([LessonView, PersonView]));

export type LessonView = z.infer<typeof LessonView>;
export type PersonView = z.infer<typeof PersonView>;
export type LinkView = z.infer<typeof LinkView>;

/**
 * The links a page reads at once: each is what follows `/api/lessons/` in the single read, a
 * link's id or `id/bookingId`.
 */
export const LinkViewsInput = named(
  'LinkViewsInput',
  z.object({
    links: z
      .array(z.string().check(z.maxLength(100)))
      .check(
        z.minLength(1, 'send at least one link'),
        z.maxLength(MAX_LINKS_PER_READ, `send at most ${MAX_LINKS_PER_READ} links; send more in another request`),
      ),
  }),
);

/** One link's answer in a read of several: its view, or the error its single read would have had. */
export const LinkViewResult = named(
  'LinkViewResult',
  z.union([
    z.object({ status: z.literal(200), view: LinkView }),
    z.object({ status: z.number(), error: z.object({ code: z.string(), message: z.string() }) }),
  ]),
);

/** The answers to `LinkViewsInput`, in the order of its `links`. */
export const LinkViews = named('LinkViews', z.object({ views: z.array(LinkViewResult) }));

export type LinkViewsInput = z.infer<typeof LinkViewsInput>;
export type LinkViewResult = z.infer<typeof LinkViewResult>;
export type LinkViews = z.infer<typeof LinkViews>;
