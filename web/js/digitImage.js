// Decoded pixels (floats in [0,1], 784 per digit) onto canvases, as the server's PNGs draw them: white on
// black, each value rounded to a gray level the same way (render/DigitGrid).
const SIDE = 28;
export const GUTTER = 2;

function gray(v) {
  return v >= 1 ? 255 : v <= 0 ? 0 : Math.round(v * 255);
}

/** One digit (from `pixels` at digit number `index`) as a 28×28 ImageData. */
export function digitImage(context, pixels, index = 0) {
  const image = context.createImageData(SIDE, SIDE);
  const base = index * SIDE * SIDE;
  for (let i = 0; i < SIDE * SIDE; i++) {
    const v = gray(pixels[base + i]);
    image.data[4 * i] = v;
    image.data[4 * i + 1] = v;
    image.data[4 * i + 2] = v;
    image.data[4 * i + 3] = 255;
  }
  return image;
}

/** `count` digits side by side with a 2-pixel black gutter, on a new canvas: the server's strip layout. */
export function stripCanvas(pixels, count) {
  const canvas = document.createElement('canvas');
  canvas.width = count * SIDE + (count - 1) * GUTTER;
  canvas.height = SIDE;
  const context = canvas.getContext('2d');
  context.fillStyle = '#000';
  context.fillRect(0, 0, canvas.width, canvas.height);
  for (let d = 0; d < count; d++) context.putImageData(digitImage(context, pixels, d), d * (SIDE + GUTTER), 0);
  return canvas;
}
