// reglab playground: drawing on canvas (decision surface, loss curves, the network).
"use strict";

const Draw = (() => {
  const CLASS0 = [245, 147, 34];   // orange, as TensorFlow Playground
  const CLASS1 = [8, 119, 189];    // blue
  const POSITIVE = "#0877bd";
  const NEGATIVE = "#f59322";

  function bytes(base64) {
    const text = atob(base64);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }

  function floats(base64) {
    return new Float32Array(bytes(base64).buffer);
  }

  // p = P(class 1) in [0, 255] -> a light colour: orange below 0.5, white at 0.5, blue above
  function surfaceColour(p) {
    const t = p / 255;
    const side = t < 0.5 ? CLASS0 : CLASS1;
    const strength = Math.abs(t - 0.5) * 2 * 0.75;
    return side.map((c) => Math.round(255 + (c - 255) * strength));
  }

  const scratch = document.createElement("canvas");

  function toCanvas(data, x, y) {
    const [xMin, xMax, yMin, yMax] = data.bounds;
    return [
      ((x - xMin) / (xMax - xMin)),
      ((yMax - y) / (yMax - yMin)),
    ];
  }

  function surface(canvas, base64, data) {
    const ctx = canvas.getContext("2d");
    const W = canvas.width, H = canvas.height;
    const size = data.grid_size;
    const values = bytes(base64);
    scratch.width = size; scratch.height = size;
    const sctx = scratch.getContext("2d");
    const image = sctx.createImageData(size, size);
    for (let i = 0; i < values.length; i++) {
      const [r, g, b] = surfaceColour(values[i]);
      image.data[4 * i] = r; image.data[4 * i + 1] = g;
      image.data[4 * i + 2] = b; image.data[4 * i + 3] = 255;
    }
    sctx.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(scratch, 0, 0, W, H);
    points(ctx, data.train, data, W, H, true);
    points(ctx, data.dev, data, W, H, false);
  }

  function points(ctx, list, data, W, H, filled) {
    for (const [x, y, label] of list) {
      const [u, v] = toCanvas(data, x, y);
      const colour = label ? POSITIVE : NEGATIVE;
      ctx.beginPath();
      ctx.arc(u * W, v * H, filled ? 3 : 3.5, 0, 2 * Math.PI);
      if (filled) {
        ctx.fillStyle = colour; ctx.fill();
        ctx.strokeStyle = "#fff"; ctx.lineWidth = 1; ctx.stroke();
      } else {
        ctx.fillStyle = "#fff"; ctx.fill();
        ctx.strokeStyle = colour; ctx.lineWidth = 2; ctx.stroke();
      }
    }
  }

  // curves: {epochs: [...], train: [...], dev: [...]}, marks: {best, stopped} (epochs or null)
  function curves(canvas, curve, marks) {
    const ctx = canvas.getContext("2d");
    const W = canvas.width, H = canvas.height, pad = 4;
    ctx.clearRect(0, 0, W, H);
    const n = curve.epochs.length;
    ctx.fillStyle = "#666"; ctx.font = "10px sans-serif";
    if (!n) { ctx.fillText("loss curves appear while training", 8, H / 2); return; }
    const last = curve.epochs[n - 1];
    let top = 0;
    for (let i = 0; i < n; i++) top = Math.max(top, curve.train[i], curve.dev[i]);
    top = top || 1;
    const x = (e) => pad + (W - 2 * pad) * (last > 1 ? (e - 1) / (last - 1) : 1);
    const y = (v) => H - pad - (H - 2 * pad) * Math.min(v / top, 1);
    const step = Math.max(1, Math.floor(n / (2 * W)));  // at most ~2 points per pixel
    for (const [values, colour] of [[curve.train, "#333"], [curve.dev, "#d62728"]]) {
      ctx.beginPath(); ctx.strokeStyle = colour; ctx.lineWidth = 1.5;
      for (let i = 0; i < n; i += step) {
        const px = x(curve.epochs[i]), py = y(values[i]);
        if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
      }
      ctx.lineTo(x(curve.epochs[n - 1]), y(values[n - 1]));
      ctx.stroke();
    }
    for (const [epoch, colour, word] of [[marks.best, "#1b7f3a", "best"], [marks.stopped, "#b00020", "stop"]]) {
      if (epoch == null) continue;
      ctx.strokeStyle = colour; ctx.setLineDash([4, 3]); ctx.beginPath();
      ctx.moveTo(x(epoch), 0); ctx.lineTo(x(epoch), H); ctx.stroke(); ctx.setLineDash([]);
      ctx.fillStyle = colour; ctx.fillText(`${word} ${epoch}`, Math.min(x(epoch) + 2, W - 40), 10);
    }
    ctx.fillStyle = "#333"; ctx.fillText("train", W - 70, H - 8);
    ctx.fillStyle = "#d62728"; ctx.fillText("dev", W - 35, H - 8);
  }

  // dims: [2, ...hidden, 1]; weights: base64 float32, layer by layer, each (n_out, n_in)
  function network(canvas, dims, base64) {
    const ctx = canvas.getContext("2d");
    const W = canvas.width, H = canvas.height;
    ctx.clearRect(0, 0, W, H);
    ctx.fillStyle = "#666"; ctx.font = "10px sans-serif";
    if (!base64) { ctx.fillText("too many weights to draw", 8, H / 2); return; }
    const w = floats(base64);
    let maxAbs = 0;
    for (const v of w) maxAbs = Math.max(maxAbs, Math.abs(v));
    maxAbs = maxAbs || 1;
    const columnX = (l) => 12 + (W - 24) * (dims.length > 1 ? l / (dims.length - 1) : 0.5);
    const nodeY = (l, i) => (H * (i + 1)) / (dims[l] + 1);
    let offset = 0;
    for (let l = 1; l < dims.length; l++) {
      const nIn = dims[l - 1], nOut = dims[l];
      for (let o = 0; o < nOut; o++) {
        for (let i = 0; i < nIn; i++) {
          const v = w[offset + o * nIn + i];
          if (v === 0) continue;  // an exact zero (L1) is no line at all
          ctx.strokeStyle = v > 0 ? POSITIVE : NEGATIVE;
          ctx.globalAlpha = 0.35 + 0.65 * Math.abs(v) / maxAbs;
          ctx.lineWidth = 0.3 + 3.5 * Math.abs(v) / maxAbs;
          ctx.beginPath();
          ctx.moveTo(columnX(l - 1), nodeY(l - 1, i));
          ctx.lineTo(columnX(l), nodeY(l, o));
          ctx.stroke();
        }
      }
      offset += nIn * nOut;
    }
    ctx.globalAlpha = 1;
    for (let l = 0; l < dims.length; l++) {
      for (let i = 0; i < dims[l]; i++) {
        ctx.beginPath(); ctx.arc(columnX(l), nodeY(l, i), 3.5, 0, 2 * Math.PI);
        ctx.fillStyle = "#fff"; ctx.fill(); ctx.strokeStyle = "#333"; ctx.lineWidth = 1; ctx.stroke();
      }
    }
  }

  return { surface, curves, network, bytes, floats };
})();
