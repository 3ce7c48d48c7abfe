// A canvas to draw a digit on with mouse, pen or finger: white ink on black, like MNIST.
export function createDrawing(canvas) {
  const ctx = canvas.getContext('2d');
  let drawing = false;
  let last = null;
  let inked = false;

  function clear() {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    inked = false;
  }
  function point(e) {
    const r = canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
  }
  canvas.addEventListener('pointerdown', (e) => {
    drawing = true;
    last = point(e);
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    const p = point(e);
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = canvas.width / 11;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last = p;
    inked = true;
  });
  const stop = () => { drawing = false; };
  canvas.addEventListener('pointerup', stop);
  canvas.addEventListener('pointercancel', stop);
  clear();

  return {
    clear,
    isEmpty: () => !inked,
    // the drawing at 56 × 56, values in [0,1]; the server centres it by mass in a 20 × 20 box
    pixels() {
      const side = 56;
      const small = document.createElement('canvas');
      small.width = side;
      small.height = side;
      const sctx = small.getContext('2d');
      sctx.drawImage(canvas, 0, 0, side, side);
      const data = sctx.getImageData(0, 0, side, side).data;
      const values = new Array(side * side);
      for (let i = 0; i < values.length; i++) values[i] = Math.round(data[i * 4] / 255 * 1000) / 1000;
      return { side, values };
    },
  };
}
