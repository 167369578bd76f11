/**
 * The light-DOM fallback, pasted as the README says: the plain link shows wherever the script does
 * not run (blocked, not loaded yet, the Worker down), and gives way to the card once it renders.
 * This file defines the element itself, after looking at the page without it.
 */
import { expect } from '@open-wc/testing';
import { API, cleanup, linkOf, links, recorded, settle } from '../../test/browser/lesson-api';
import { waitFor } from '../../test/suites/wait-for';

describe('<lesson-join> pasted with its fallback link', () => {
  after(cleanup);

  it('shows the plain link before the element is defined, and only the card once it has rendered', async () => {
    const id = linkOf('open', 'student');
    const url = recorded.open!.student.url!;
    document.body.innerHTML = `<lesson-join link="${id}" api="${API}"><a href="${url}">Join the lesson</a></lesson-join>`;
    const el = document.querySelector('lesson-join')!;
    const fallback = el.querySelector('a')!;
    expect(customElements.get('lesson-join')).to.be.undefined;
    expect(fallback.checkVisibility()).to.be.true;
    expect(fallback.getBoundingClientRect().height).to.be.greaterThan(0);
    await expect(el).to.be.accessible();

    await import('./define');
    await waitFor(() => el.shadowRoot && links(el).length === 1, { what: 'the card with its Join link' });
    await settle(el);
    expect(links(el)[0]!.href).to.equal(url);
    expect(fallback.checkVisibility()).to.be.false;
    expect(fallback.getBoundingClientRect().height).to.equal(0);
    // Still in the page for whatever reads the HTML (crawlers, reader modes), just not drawn twice.
    expect(el.querySelector('a')).to.equal(fallback);
    await expect(el).to.be.accessible();
  });
});
