/**
 * The QR code of a link, as one SVG path of dark modules. The component imports this module on
 * first use, so it and `qrcode` are one chunk of their own and the first paint never waits for them.
 */
import qrcode from 'qrcode';

export interface QrShape {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** The dark modules, one unit per module, each row's runs merged. */
  path: string;
}

export function qrShape(text: string): QrShape {
  const { modules } = qrcode.create(text, { errorCorrectionLevel: 'M' });
  const { size } = modules;
  let path = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; ) {
      let run = 0;
      while (x + run < size && modules.get(y, x + run)) run++;
      if (run) path += `M${x} ${y}h${run}v1h-${run}z`;
      x += run || 1;
    }
  }
  return { size, path };
}
