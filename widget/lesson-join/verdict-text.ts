/**
 * A party's attendance in words. The Worker's pages and emails import it too, so it imports no
 * DOM: only the words' and the lesson's types.
 */
import type { PersonStrings } from './person.en';
import type { Party } from './read-lesson';

/** A party's attendance in words ("8 min late"): the same on the card, the pages and the lesson summary email. */
export const verdictText = (v: Party, words: Pick<PersonStrings, 'verdicts'>): string =>
  v.verdict === 'late'
    ? words.verdicts.late(v.late_minutes)
    : v.verdict === 'left_early'
      ? words.verdicts.left_early(v.left_early_minutes)
      : words.verdicts[v.verdict ?? 'pending'];
