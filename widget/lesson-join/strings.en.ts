/**
 * English: a chunk of its own like every language, loaded while the lesson loads; spoken wherever
 * the page's language is not one we speak. The Worker's pages use these words too. The words for
 * what went wrong are in `problems.en.ts`.
 */
import type { Provider } from '../../shared/terms';

const en = {
  loading: 'Loading the lesson…',
  withName: (name: string) => `with ${name}`,
  childWith: (child: string, tutor: string) => `${child} with ${tutor}`,
  join: 'Join lesson',
  start: 'Start lesson',
  meetingId: 'Meeting ID',
  passcode: 'Passcode',
  copyLink: 'Copy link',
  copyStudentLink: 'Copy student link',
  copyParentLink: 'Copy parent link',
  copied: 'Link copied.',
  copyFailed: 'Could not copy. Copy the link below yourself.',
  showQr: 'Show QR code',
  hideQr: 'Hide QR code',
  qrLabel: 'QR code of the lesson link',
  qrHint: 'Scan it to join on your phone.',
  qrFailed: 'No QR code right now. Use Copy link.',
  addToCalendar: 'Add to calendar',
  calendarFile: 'Calendar file (.ics)',
  calendarFailed: 'No calendar links right now. Try again in a moment.',
  startsIn: (when: string) => `Starts ${when}.`,
  opensBefore: (minutes: number) => `Joining opens ${minutes} minutes before.`,
  joinNow: 'You can join now.',
  waitingForTutor: 'Waiting for your tutor to start.',
  waitingForYou: 'Start the lesson: your student may be waiting.',
  live: 'Live now',
  ended: 'This lesson has ended.',
  recordingReady: 'Its recording is ready in Zoom.',
  cancelled: 'This lesson was cancelled.',
  awaitingPayment: 'Awaiting payment: the meeting link appears here once the lesson is paid.',
  preparing: 'The meeting link is being prepared.',
  noLink: (tutor: string) => `No meeting link yet: ${tutor} will send you one.`,
  noLinkTutor: 'No meeting provider is ready: connect Zoom or set a backup link.',
  unreachable: 'Could not reach the lesson service. Check your connection; the card tries again by itself.',
  providers: {
    zoom: 'Zoom',
    google_meet: 'Google Meet',
    teams: 'Microsoft Teams',
    manual: 'Video link',
  } satisfies Record<Provider, string>,
};

/** The shape every language's strings have. */
export type Strings = typeof en;

export default en;
