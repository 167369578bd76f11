/** Reads a QR code the way a phone does: drawn as the page shows it, on white, then decoded. */
import jsQR from 'jsqr';

/** The text `svg` encodes, or null when jsQR finds no code in it. */
export async function readQr(svg: SVGSVGElement, side = 400): Promise<string | null> {
  const source = new XMLSerializer().serializeToString(svg);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source)}`;
  await image.decode();
  const canvas = Object.assign(document.createElement('canvas'), { width: side, height: side });
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, side, side);
  g.drawImage(image, 0, 0, side, side);
  return jsQR(g.getImageData(0, 0, side, side).data, side, side)?.data ?? null;
}
