import QRCode from 'qrcode';
import { trusted, type Html } from './html.ts';

const drawn = new Map<string, Promise<Html>>();

/**
 * A QR code for a link, drawn by the qrcode library as SVG (no image request,
 * sharp at any size) and kept for the life of the process: the links come
 * from configuration and never change while it runs.
 *
 * @example await qrCodeSvg('https://t.me/examplebot?start=web')
 */
export function qrCodeSvg(link: string): Promise<Html> {
  let svg = drawn.get(link);
  if (!svg) {
    svg = QRCode.toString(link, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }).then((markup) =>
      // The picture repeats the link beside it, so screen readers skip it.
      trusted(markup.replace('<svg ', '<svg class="qr" aria-hidden="true" focusable="false" ')),
    );
    drawn.set(link, svg);
  }
  return svg;
}
