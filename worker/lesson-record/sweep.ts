/**
 * After the lesson, on the scheduled sweep (every minute): copy recordings to R2, delete the ones
 * past retention, hand transcription jobs to the service, forget what tutors asked us to forget.
 * Each is a table of due rows read here, so work survives restarts; one failing does not stop the others.
 */
import { type ArchiveDeps, archiveDue, deleteRetired } from './archive';
import { type ForgetDeps, forgetDue } from './forget';
import { type TranscriberDeps, transcribeDue } from './transcription';

export type AfterLessonDeps = ArchiveDeps &
  ForgetDeps & { transcriber: Pick<TranscriberDeps, 'url' | 'token' | 'fetch'> };

export async function afterLessonSweep(deps: AfterLessonDeps) {
  const step = (name: string, work: () => Promise<number>) =>
    work().catch((e) => {
      console.error(JSON.stringify({ event: 'sweep.failed', step: name, error: (e as Error).message }));
      return 0;
    });
  return {
    copied: await step('archive', () => archiveDue(deps)),
    retired: await step('retention', () => deleteRetired(deps)),
    transcribed: await step('transcription', () => transcribeDue({ ...deps, ...deps.transcriber })),
    forgotten: await step('forget', () => forgetDue(deps)),
  };
}
