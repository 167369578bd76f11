/**
 * The platforms the scale simulation runs: 500 tutors and 10,000 bookings a day, spread evenly, or
 * with a few tutoring centres taking hundreds a day each; then the skewed day with Zoom down for six hours.
 */
import type { Centre, Demand } from './scale-demand';
import type { Scenario } from './scale-world';

/**
 * A centre of 16 teachers booked 400 times a day runs about 13 lessons at once on average (at most
 * 16): 20 Zoom users cover it with room for the order lessons arrive in, at about 20 calls each a day.
 */
const SIZED: Centre = { perDay: 400, teachers: 16, hosts: 20 };
/** A centre that grew faster than its Zoom pool: 16 teachers, 8 users. */
const UNDERSIZED: Centre = { perDay: 400, teachers: 16, hosts: 8 };

const even: Demand = { tutors: 500, perDay: 10_000, centres: [], platformHosts: 10 };
const skewed: Demand = { ...even, centres: [SIZED, SIZED, SIZED, SIZED, UNDERSIZED] };

export const SCENARIOS = {
  even: { demand: even, hours: 2 },
  skewed: { demand: skewed, hours: 24 },
  // From the moment Zoom goes down to an hour after it is back. The Worker has no token yet, and its
  // token endpoint is down too (as it is for a Worker whose token expires an hour into the outage).
  outage: { demand: skewed, from: 4, hours: 7, outage: { from: 4, hours: 6 } },
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;
