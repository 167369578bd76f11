import { css } from 'lit';

/**
 * Token look-ups only: every color, size and radius comes from a `--lesson-join-*` property with a
 * default that follows the page's `color-scheme` (light or dark) through `light-dark()`.
 * Comments stay out of the template: it ships as written.
 * - `.lesson__codes strong`: a meeting ID or passcode is selected whole with one click or tap.
 * - `.lesson__announcer`: heard, not seen (the state it announces is already on the card).
 */
export default css`
  :host {
    display: block;
    --_accent: var(--lesson-join-accent, light-dark(#1a56db, #8ab4f8));
    --_border: 1px solid var(--lesson-join-border, light-dark(#d0d7de, #3d444d));
    --_radius: var(--lesson-join-radius, 0.75rem);
  }
  .lesson {
    font: var(--lesson-join-font, inherit);
    color: var(--lesson-join-text, light-dark(#1f2328, #e6e8eb));
    background: var(--lesson-join-background, light-dark(#fff, #1f2328));
    border: var(--_border);
    border-radius: var(--_radius);
    padding: 1rem;
    display: grid;
    gap: 0.5rem;
  }
  p,
  h2,
  figure {
    margin: 0;
  }
  .lesson__head,
  .lesson__codes,
  .lesson__actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: space-between;
  }
  .lesson__title {
    font-weight: 600;
    font-size: 1.125em;
  }
  .lesson__codes strong {
    user-select: all;
  }
  .lesson__announcer {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .lesson__muted {
    color: var(--lesson-join-muted, light-dark(#57606a, #a8b1bb));
    font-size: 0.875em;
  }
  .lesson__live {
    color: var(--lesson-join-live, light-dark(#b42318, #ff8a80));
    font-weight: 600;
  }
  .lesson__live::before,
  .lesson__preparing::before {
    content: '';
    display: inline-block;
    width: 0.6em;
    height: 0.6em;
    margin-inline-end: 0.4em;
    border-radius: 50%;
    background: currentColor;
    animation: pulse 1.6s infinite;
  }
  .lesson__join,
  .lesson__button {
    font: inherit;
    color: inherit;
    background: none;
    border: var(--_border);
    border-radius: calc(var(--_radius) / 1.5);
    padding: 0.5em 1em;
    cursor: pointer;
    text-align: center;
  }
  .lesson__join {
    background: var(--_accent);
    color: var(--lesson-join-accent-text, light-dark(#fff, #0b1b3a));
    font-weight: 600;
    text-decoration: none;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .lesson__manual {
    overflow-wrap: anywhere;
  }
  .lesson__qr {
    width: var(--lesson-join-qr-size, 10rem);
  }
  .lesson__qr svg {
    background: var(--lesson-join-qr-background, #fff);
  }
  .lesson__qr path {
    fill: var(--lesson-join-qr-color, #000);
  }
  @keyframes pulse {
    50% {
      opacity: 0.4;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    ::before {
      animation: none !important;
    }
  }
`;
