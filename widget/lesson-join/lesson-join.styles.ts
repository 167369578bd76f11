import { css, unsafeCSS } from 'lit';

/**
 * Token look-ups only: every color, size and radius comes from a `--lesson-join-*` property with a
 * default from the palette below. The palette is light; `theme="dark"`, and `theme="auto"` in a
 * dark system setting, switch it to dark. Without `theme`, the element follows the page's
 * `color-scheme` through `light-dark()` where the browser has it, and stays light where it does
 * not (Safari before 17.5): colors never depend on `light-dark()` alone.
 * Comments stay out of the template: it ships as written.
 * - `.lesson__codes strong`: a meeting ID or passcode is selected whole with one click or tap.
 * - `.lesson__announcer`: heard, not seen (the state it announces is already on the card).
 * - The QR toggle is not offered on touch-only narrow screens (phones): a phone cannot scan itself.
 * - The buttons' borders are the muted text color: 4.5:1 or more against the background in both palettes.
 */
/** Each color of the palette, light and dark, written once. */
const PALETTE = {
  text: ['#1f2328', '#e6e8eb'],
  bg: ['#fff', '#1f2328'],
  muted: ['#57606a', '#a8b1bb'],
  line: ['#d0d7de', '#3d444d'],
  accent: ['#1a56db', '#8ab4f8'],
  live: ['#b42318', '#ff8a80'],
} as const;

/** The palette's custom properties, each value picked from its light and dark color. */
const palette = (pick: (colors: readonly [string, string]) => string) =>
  unsafeCSS(
    Object.entries(PALETTE)
      .map(([name, colors]) => `--_${name}: ${pick(colors)};`)
      .join(' '),
  );

export default css`
  :host {
    display: block;
    max-width: var(--lesson-join-max-width, 40rem);
    ${palette(([light]) => light)}
    --_radius: var(--lesson-join-radius, 0.75rem);
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
    ${palette(([, dark]) => dark)}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      color-scheme: dark;
      ${palette(([, dark]) => dark)}
    }
  }
  @supports (color: light-dark(#fff, #000)) {
    :host(:not([theme])) {
      ${palette(([light, dark]) => `light-dark(${light}, ${dark})`)}
    }
  }
  .lesson {
    --_a: var(--lesson-join-accent, var(--_accent));
    --_m: var(--lesson-join-muted, var(--_muted));
    font: var(--lesson-join-font, inherit);
    color: var(--lesson-join-text, var(--_text));
    background: var(--lesson-join-background, var(--_bg));
    border: 1px solid var(--lesson-join-border, var(--_line));
    border-radius: var(--_radius);
    padding: 1rem;
    display: grid;
    gap: 0.5rem;
  }
  .lesson--cancelled,
  .lesson--awaiting_payment {
    border-style: dashed;
  }
  .lesson--cancelled .lesson__title,
  .lesson--cancelled .person__title {
    text-decoration: line-through;
  }
  p,
  h2,
  ul,
  figure {
    margin: 0;
  }
  .lesson__head,
  .lesson__codes {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: space-between;
  }
  .lesson__title,
  .lesson__time {
    font-weight: 600;
    font-size: 1.125em;
  }
  .lesson__codes strong {
    user-select: all;
  }
  .lesson__who {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .lesson__photo {
    border-radius: 50%;
    object-fit: cover;
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
    color: var(--_m);
    font-size: 0.875em;
  }
  .lesson__live {
    color: var(--lesson-join-live, var(--_live));
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
  .lesson__actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .lesson__join,
  .lesson__button {
    flex: 1 1 0;
    box-sizing: border-box;
    min-height: 44px;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid var(--lesson-join-control, var(--_m));
    border-radius: calc(var(--_radius) / 1.5);
    padding: 0.5em 1em;
    cursor: pointer;
    text-align: center;
  }
  .lesson__join {
    background: var(--_a);
    border-color: var(--_a);
    color: var(--lesson-join-accent-text, var(--_bg));
    font-weight: 600;
    text-decoration: none;
  }
  :focus-visible {
    outline: 2px solid var(--_a);
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
  :host([layout='compact']) .lesson {
    padding: 0.75rem;
    gap: 0.375rem;
    font-size: 0.9375em;
  }
  @media (hover: none) and (pointer: coarse) and (max-width: 40rem) {
    .lesson__qr-toggle,
    .lesson__qr {
      display: none;
    }
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
