// Generates the add-in icons in assets/ (icon-16/32/64/80/128.png).
//
// Usage: node scripts/make-icons.mjs
//
// Only Node built-ins, so the icons can be regenerated on any machine without an image library or
// network access. The drawing is vector-like (shapes in unit coordinates, 4×4 supersampling), so
// every size comes from one definition and stays consistent: a deep-teal rounded square holding
// two white "ledger" lines and a white check mark, i.e. "the books are reconciled".

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const SIZES = [16, 32, 64, 80, 128];
const TEAL = [0x0b, 0x5e, 0x63];
const WHITE = [0xff, 0xff, 0xff];
const SUPERSAMPLE = 4;

// ---- PNG encoding -------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes 8-bit RGBA pixels (row-major, 4 bytes each) as a PNG. */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  // Each scanline is prefixed with its filter type; 0 (None) is enough for tiny icons.
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    const rowStart = y * (1 + width * 4);
    raw[rowStart] = 0;
    rgba.copy(raw, rowStart + 1, y * width * 4, (y + 1) * width * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---- Drawing (unit square coordinates, y down) --------------------------------------------------

function insideRoundedSquare(x, y, margin, radius) {
  const lo = margin;
  const hi = 1 - margin;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  // Distance from the nearest inner-corner centre decides the rounded corners.
  const cx = Math.min(Math.max(x, lo + radius), hi - radius);
  const cy = Math.min(Math.max(y, lo + radius), hi - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function distanceToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function insideMark(x, y, size) {
  // Below 32 px the ledger lines blur into the check, so the smallest icon is just the check.
  if (size >= 32) {
    const lineHalf = 0.035;
    for (const ly of [0.27, 0.42]) {
      if (x >= 0.22 && x <= 0.78 && Math.abs(y - ly) <= lineHalf) return true;
    }
  }
  const check =
    size >= 32
      ? [
          [0.3, 0.64],
          [0.45, 0.78],
          [0.74, 0.52],
        ]
      : [
          [0.24, 0.52],
          [0.42, 0.72],
          [0.78, 0.3],
        ];
  const half = size >= 32 ? 0.055 : 0.075;
  const [a, b, c] = check;
  return (
    distanceToSegment(x, y, a[0], a[1], b[0], b[1]) <= half ||
    distanceToSegment(x, y, b[0], b[1], c[0], c[1]) <= half
  );
}

function renderIcon(size) {
  const margin = size >= 32 ? 0.03 : 0;
  const radius = 0.2;
  const pixels = Buffer.alloc(size * size * 4);
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let body = 0;
      let mark = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          if (!insideRoundedSquare(x, y, margin, radius)) continue;
          body++;
          if (insideMark(x, y, size)) mark++;
        }
      }
      const i = (py * size + px) * 4;
      const whiteShare = body === 0 ? 0 : mark / body;
      for (let ch = 0; ch < 3; ch++) {
        pixels[i + ch] = Math.round(TEAL[ch] * (1 - whiteShare) + WHITE[ch] * whiteShare);
      }
      pixels[i + 3] = Math.round((255 * body) / samples);
    }
  }
  return encodePng(size, size, pixels);
}

// ---- Main ---------------------------------------------------------------------------------------

const assetsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "assets");
mkdirSync(assetsDir, { recursive: true });
for (const size of SIZES) {
  const file = join(assetsDir, `icon-${size}.png`);
  writeFileSync(file, renderIcon(size));
  console.log(`wrote ${file}`);
}
