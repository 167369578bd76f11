/**
 * The QR code of a link, as an SVG figure. The component imports this module only when a QR code
 * is asked for, so it and `qrcode` are a chunk of their own that no first paint waits for.
 */
import type { html as litHtml, TemplateResult } from 'lit';
import qrcode from 'qrcode';
import type { Strings } from './strings';

/** Light modules around the code, as the QR standard asks, so phones find its edges. */
const QUIET_ZONE = 4;

/** The figure, in the language the component speaks when it renders. */
export type QrFigure = (t: Strings) => TemplateResult;

/**
 * The QR code of `text`, drawn with the component's own `html`: importing Lit here would put Lit
 * in a chunk shared with the main one, a second request for every first paint.
 */
export function qrFigure(text: string, html: typeof litHtml): QrFigure {
  const { modules } = qrcode.create(text, { errorCorrectionLevel: 'M' });
  const { size } = modules;
  // The dark modules as one path, one unit per module, each row's runs merged.
  let path = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; ) {
      let run = 0;
      while (x + run < size && modules.get(y, x + run)) run++;
      if (run) path += `M${x} ${y}h${run}v1h-${run}z`;
      x += run || 1;
    }
  }
  const side = size + 2 * QUIET_ZONE;
  return (t) => html`<figure class="lesson__qr" part="qr">
    <svg viewBox="${-QUIET_ZONE} ${-QUIET_ZONE} ${side} ${side}" role="img" aria-label=${t.qrLabel} shape-rendering="crispEdges">
      <path d=${path} fill="#000"></path>
    </svg>
    <figcaption class="lesson__muted">${t.qrHint}</figcaption>
  </figure>`;
}
