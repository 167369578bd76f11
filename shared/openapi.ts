/**
 * The OpenAPI 3.1 document of the API, generated from the same zod schemas that validate it.
 * `npm run openapi` writes it to shared/openapi.json, which the Worker serves at /openapi.json
 * (generating it at build time keeps zod's JSON-schema code out of the Worker); a test fails when
 * the committed file and the schemas disagree.
 */
import * as z from 'zod/mini';
import {
  AttendanceExportQuery,
  Booking,
  BookingDetail,
  LessonAttendance,
  LessonNote,
  NoteInput,
  RecordingSharing,
  SharingInput,
  BookingInput,
  BookingPage,
  BookingPatch,
  BookingQuery,
  CapacityReport,
  RetryReport,
  LessonLinks,
  LessonView,
  Link,
  LinkInput,
  LinkQuery,
  LinksInput,
  LinkView,
  LinkViews,
  LinkViewsInput,
  MessagePage,
  MessageQuery,
  Message,
  RescheduleInput,
  Service,
  ServiceInput,
  Tutor,
  TutorInput,
  TutorPatch,
} from './api';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  body?: z.ZodMiniType;
  /** The body may be left out. */
  bodyOptional?: boolean;
  /** Query parameters, from an object schema. */
  query?: z.ZodMiniType;
  ok: [number, z.ZodMiniType];
  /** Who may call: the operator (default), Stripe or Zoom (signed body), or anyone holding a link (no auth header). */
  auth?: 'operator' | 'stripe' | 'zoom' | 'link';
}

const operations: Operation[] = [
  { method: 'post', path: '/api/tutors', summary: 'Add a tutor', body: TutorInput, ok: [201, Tutor] },
  {
    method: 'get',
    path: '/api/tutors/{id}',
    summary: 'A tutor, with the state of their own Zoom connection',
    ok: [200, Tutor],
  },
  {
    method: 'post',
    path: '/api/tutors/{id}/zoom/connect',
    summary: 'A one-time link (10 minutes) for the tutor to connect their own Zoom account',
    ok: [200, z.object({ authorize_url: z.string(), expires_at: z.string() })],
  },
  {
    method: 'delete',
    path: '/api/tutors/{id}/zoom',
    summary: "Disconnect the tutor's own Zoom account",
    ok: [204, z.null()],
  },
  {
    method: 'patch',
    path: '/api/tutors/{id}',
    summary:
      "Change a tutor's name, email, time zone, Zoom user, default provider, backup link, allowed origins, public page, booking URL, attendance grace minutes or recording retention",
    body: TutorPatch,
    ok: [200, Tutor],
  },
  {
    method: 'post',
    path: '/api/services',
    summary: "Add one of a tutor's services",
    body: ServiceInput,
    ok: [201, Service],
  },
  {
    method: 'post',
    path: '/api/bookings',
    summary: 'Book a lesson (unpaid until confirmed)',
    body: BookingInput,
    ok: [201, Booking],
  },
  {
    method: 'get',
    path: '/api/bookings/{id}',
    summary: 'A booking, its meeting, attendance, recordings and note',
    ok: [200, BookingDetail],
  },
  {
    method: 'put',
    path: '/api/bookings/{id}/note',
    summary: 'Edit the lesson note, or mark it final (then it cannot change, and the family sees the lesson summary)',
    body: NoteInput,
    ok: [200, LessonNote],
  },
  {
    method: 'put',
    path: '/api/bookings/{id}/recording-sharing',
    summary: "Share the lesson's recording with the student and the parent, or stop sharing it",
    body: SharingInput,
    ok: [200, RecordingSharing],
  },
  {
    method: 'get',
    path: '/api/tutors/{id}/attendance',
    summary:
      "A tutor's attendance verdicts for the lessons starting in [from, to) (at most 366 days): JSON, or CSV with format=csv (one row per party and lesson)",
    query: AttendanceExportQuery,
    ok: [200, z.object({ tutor_id: z.string(), from: z.string(), to: z.string(), lessons: z.array(LessonAttendance) })],
  },
  {
    method: 'post',
    path: '/api/bookings/{id}/confirm',
    summary: 'Confirm without payment and create the meeting',
    ok: [200, Booking],
  },
  {
    method: 'post',
    path: '/api/bookings/{id}/reschedule',
    summary: 'Move the lesson; the join link stays',
    body: RescheduleInput,
    ok: [200, Booking],
  },
  {
    method: 'post',
    path: '/api/bookings/{id}/cancel',
    summary: 'Cancel the lesson and delete its meeting',
    ok: [200, Booking],
  },
  {
    method: 'patch',
    path: '/api/bookings/{id}',
    summary: 'Change the provider or the meeting link',
    body: BookingPatch,
    ok: [200, Booking],
  },
  {
    method: 'get',
    path: '/api/bookings',
    summary: 'Bookings in start order, filtered by tutor, student, parent, status and time; a page at a time',
    query: BookingQuery,
    ok: [200, BookingPage],
  },
  {
    method: 'get',
    path: '/api/capacity',
    summary:
      "Each host's calls today against the daily cap, and lessons still waiting for a meeting (at risk within 26 hours)",
    ok: [200, CapacityReport],
  },
  {
    method: 'post',
    path: '/api/capacity/retry',
    summary:
      'Lessons waiting for their next attempt at a meeting (and meetings waiting to be deleted) are due now: after a Zoom outage, or a host added',
    ok: [200, RetryReport],
  },
  {
    method: 'post',
    path: '/api/bookings/{id}/links',
    summary: "The tutor's, student's and parent's current links to a lesson (made where missing)",
    body: LinksInput,
    bodyOptional: true,
    ok: [200, LessonLinks],
  },
  {
    method: 'post',
    path: '/api/links',
    summary: "A lesson's or a person's current link in one role: 201 when made now, 200 when it existed",
    body: LinkInput,
    ok: [201, Link],
  },
  {
    method: 'get',
    path: '/api/links',
    summary:
      'The links of a lesson (booking_id), a student or parent (email) or a tutor (tutor_id), revoked ones included',
    query: LinkQuery,
    ok: [200, z.object({ links: z.array(Link) })],
  },
  {
    method: 'post',
    path: '/api/links/{id}/revoke',
    summary: 'Withdraw a link at once (by its id from this API, never the one in the URL)',
    ok: [200, Link],
  },
  {
    method: 'post',
    path: '/api/links/{id}/rotate',
    summary: 'A new link for the same lesson or person and role; the old one stops working at once',
    ok: [201, Link],
  },
  {
    method: 'get',
    path: '/api/messages',
    summary:
      'The outbox, newest first: every message to a student, parent or tutor and where it stands (status=failed: those that need you)',
    query: MessageQuery,
    ok: [200, MessagePage],
  },
  {
    method: 'post',
    path: '/api/messages/{id}/retry',
    summary: 'Send a failed message again, its attempts counted afresh (after fixing the sender, domain or key)',
    ok: [200, Message],
  },
  {
    method: 'get',
    path: '/api/lessons/{link}',
    summary:
      "What a link shows: a lesson (LessonView) or a person's lessons (PersonView), as its role sees it (CORS: any site; a tutor's link only on the origins the tutor allowed)",
    ok: [200, LinkView],
    auth: 'link',
  },
  {
    method: 'post',
    path: '/api/lessons',
    summary:
      "What several links show, in one request (a page of cards): each link's view or its own error, as its single read would answer, in order; each link counts as one read against the rate limit. The body may be sent as text/plain, which a browser sends to another origin without a CORS preflight",
    body: LinkViewsInput,
    ok: [200, LinkViews],
    auth: 'link',
  },
  {
    method: 'get',
    path: '/api/lessons/{link}/{booking}',
    summary: "One lesson of a person's link",
    ok: [200, LessonView],
    auth: 'link',
  },
  {
    method: 'put',
    path: '/api/lessons/{link}/recording-sharing',
    summary: "A tutor's link shares the lesson's recording with the student and the parent, or stops sharing it",
    body: SharingInput,
    ok: [200, RecordingSharing],
    auth: 'link',
  },
  {
    method: 'put',
    path: '/api/lessons/{link}/note',
    summary: "A tutor's link edits the lesson note or marks it final",
    body: NoteInput,
    ok: [200, LessonNote],
    auth: 'link',
  },
  {
    method: 'get',
    path: '/recordings/{file}',
    summary:
      'A recording file, from a signed link in a lesson view (for, expires, download and sig; three hours at most); Range requests are answered 206',
    ok: [200, z.string()],
    auth: 'link',
  },
  {
    method: 'post',
    path: '/api/stripe/webhook',
    summary: 'Stripe events; paid checkouts and payment intents confirm their booking',
    ok: [200, z.object({ received: z.boolean() })],
    auth: 'stripe',
  },
  {
    method: 'post',
    path: '/api/zoom/webhook',
    summary:
      'Zoom events (signed with x-zm-signature): meeting started/ended, participants and the waiting room, recordings and transcripts, deletions, app deauthorization',
    ok: [200, z.object({ received: z.boolean() })],
    auth: 'zoom',
  },
];

const componentUri = (id: string) => `#/components/schemas/${id}`;
const signatureHeaders = { stripe: ['Stripe-Signature'], zoom: ['x-zm-request-timestamp', 'x-zm-signature'] };

export function openApiDocument(): object {
  const schema = (s: z.ZodMiniType, io: 'input' | 'output') => {
    const id = z.globalRegistry.get(s)?.id;
    if (id) return { $ref: componentUri(id) };
    const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
    return rest;
  };
  const json = (s: z.ZodMiniType, io: 'input' | 'output') => ({ 'application/json': { schema: schema(s, io) } });
  const error = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: componentUri('Error') } } },
  });

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const query = op.query
      ? (z.toJSONSchema(op.query, { io: 'input', unrepresentable: 'any' }) as {
          properties: Record<string, object>;
          required?: string[];
        })
      : null;
    const params = [
      ...[...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
        name,
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: query?.required?.includes(name) ?? false,
        schema,
      })),
    ];
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      ...(op.auth === 'stripe' || op.auth === 'zoom'
        ? {
            security: [],
            parameters: signatureHeaders[op.auth].map((name) => ({
              name,
              in: 'header',
              required: true,
              schema: { type: 'string' },
            })),
          }
        : {
            ...(op.auth === 'link' ? { security: [] } : {}),
            ...(params.length ? { parameters: params } : {}),
          }),
      ...(op.body ? { requestBody: { required: !op.bodyOptional, content: json(op.body, 'input') } } : {}),
      responses: {
        [op.ok[0]]:
          op.ok[0] === 204 ? { description: 'Done' } : { description: 'OK', content: json(op.ok[1], 'output') },
        '4XX': error('The request cannot be done as sent; the message says what to fix.'),
      },
    };
  }
  const components = z.toJSONSchema(z.globalRegistry, { uri: componentUri, unrepresentable: 'any' }).schemas;
  for (const c of Object.values(components)) delete (c as Record<string, unknown>).$schema;
  return {
    openapi: '3.1.0',
    info: { title: 'lesson-join operator API', version: '1' },
    security: [{ operator: [] }],
    components: { securitySchemes: { operator: { type: 'http', scheme: 'bearer' } }, schemas: components },
    paths,
  };
}
