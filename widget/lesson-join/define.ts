/**
 * Registers `<lesson-join>`. Safe to import any number of times, and next to another copy of the
 * script: the first definition wins. Import `./lesson-join` instead for the class without side effects.
 */
import { LessonJoin } from './lesson-join';

export { LessonJoin };

if (!customElements.get('lesson-join')) customElements.define('lesson-join', LessonJoin);
