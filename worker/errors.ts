/** An expected failure a caller can act on: it becomes the JSON error envelope with this status. */
export class LessonError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'LessonError';
  }
}

export const bookingNotFound = (id: string) =>
  new LessonError(
    404,
    'booking_not_found',
    `No booking has id ${id}. Check the id returned when the booking was created.`,
  );
