/**
 * The QR code of a link, as one SVG path of dark modules. `qrcode` is imported on first use, so it
 * is a chunk of its own and the first paint never waits for it.
 */

export interface QrShape {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** The dark modules, one unit per module, each row's runs merged. */
  path: string;
}

export async function qrShape(text: string): Promise<QrShape> {
  const qrcode = await import('qrcode');
  // The package is CommonJS: bundlers expose its exports by name, plain ESM servers as `default`.
  const { create } = 'create' in qrcode ? qrcode : (qrcode as { default: typeof qrcode }).default;
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
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
