/** Importing the class defines nothing; the define entry defines <lesson-join> once, however often it runs. */
import { expect } from '@open-wc/testing';
import { LessonJoin } from './lesson-join';

describe('lesson-join/define', () => {
  it('importing the class has no side effect', () => {
    expect(LessonJoin).to.be.a('function');
    expect(customElements.get('lesson-join')).to.be.undefined;
  });

  it('defines the element, idempotently', async () => {
    await import('./define');
    expect(customElements.get('lesson-join')).to.equal(LessonJoin);
    // A second copy of the script on the same page must not throw.
    const again = './define.ts?again';
    await import(/* @vite-ignore */ again);
    expect(customElements.get('lesson-join')).to.equal(LessonJoin);
    expect(document.createElement('lesson-join')).to.be.instanceOf(LessonJoin);
  });
});
