/**
 * The OpenAPI 3.1 document of the API, generated from the same zod schemas that validate it.
 * `npm run openapi` writes it to shared/openapi.json, which the Worker serves at /openapi.json
 * (generating it at build time keeps zod's JSON-schema code out of the Worker); a test fails when
 * the committed file and the schemas disagree.
 */
import * as z from 'zod/mini';
import {
  Booking,
  BookingDetail,
  BookingInput,
  BookingPatch,
  LessonLinks,
  LessonView,
  LinksInput,
  RescheduleInput,
  Service,
  ServiceInput,
  Tutor,
  TutorInput,
} from './api';

interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  body?: z.ZodMiniType;
  /** The body may be left out. */
  bodyOptional?: boolean;
  ok: [number, z.ZodMiniType];
  /** Who may call: the operator (default), Stripe or Zoom (signed body), or anyone holding a lesson token (no auth header). */
  auth?: 'operator' | 'stripe' | 'zoom' | 'token';
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
    method: 'post',
    path: '/api/bookings/{id}/links',
    summary: 'Sign the tutor, student and parent links to a lesson',
    body: LinksInput,
    bodyOptional: true,
    ok: [201, LessonLinks],
  },
  {
    method: 'get',
    path: '/api/lessons/{token}',
    summary: "The lesson as the token's role sees it (CORS: any site)",
    ok: [200, LessonView],
    auth: 'token',
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
    summary: 'Zoom events (signed with x-zm-signature): meeting started/ended, participants, recordings, deletions',
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
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
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
        : params.length
          ? { ...(op.auth === 'token' ? { security: [] } : {}), parameters: params }
          : {}),
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
