/** What happened in a lesson, as the operator API shows it: attendance, recordings, the tutor's note. */
import * as z from 'zod/mini';
import { named } from './named';

export const Attendance = named(
  'Attendance',
  z.object({
    participants: z.array(
      z.object({
        name: z.string(),
        email: z.nullable(z.string()),
        role: z.enum(['host', 'student', 'guest']),
        minutes_attended: z.number(),
        minutes_late: z.number(),
        intervals: z.array(z.object({ joined_at: z.string(), left_at: z.nullable(z.string()) })),
      }),
    ),
    student_minutes_attended: z.number(),
    student_minutes_late: z.nullable(z.number()),
    no_show: z.boolean(),
  }),
);

export const Recording = named(
  'Recording',
  z.object({
    file_type: z.string(),
    file_size: z.nullable(z.number()),
    recording_type: z.nullable(z.string()),
    recording_start: z.nullable(z.string()),
    recording_end: z.nullable(z.string()),
    play_url: z.nullable(z.string()),
  }),
);

export const LessonNote = named(
  'LessonNote',
  z.object({ status: z.enum(['draft', 'final']), body: z.string(), updated_at: z.string() }),
);
