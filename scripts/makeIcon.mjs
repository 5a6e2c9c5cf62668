// Writes media/icon.png (128x128 RGBA, the marketplace icon) without image libraries: a pulse line over a rounded
// tile, drawn with distance fields and anti-aliased by coverage, then encoded as PNG with zlib.
//   node scripts/makeIcon.mjs [out.png]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const size = 128;

/** CRC-32 as PNG chunks need it (polynomial 0xEDB88320). */
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

function roundedBoxDistance(px, py, half, radius) {
  const qx = Math.abs(px) - half + radius;
  const qy = Math.abs(py) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

export function drawIcon() {
  const pulse = [[18, 70], [42, 70], [52, 48], [64, 96], [78, 30], [88, 70], [110, 70]];
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const tile = Math.max(0, Math.min(1, 0.5 - roundedBoxDistance(px - 64, py - 64, 62, 22)));
      let line = Infinity;
      for (let i = 1; i < pulse.length; i++) line = Math.min(line, segmentDistance(px, py, pulse[i - 1], pulse[i]));
      const stroke = Math.max(0, Math.min(1, 5 - line));
      // Tile: deep blue to teal top-down; stroke: warm amber, the colour of a warning squiggle.
      const g = y / size;
      const base = [Math.round(22 + 10 * g), Math.round(42 + 70 * g), Math.round(92 + 40 * g)];
      const amber = [255, 184, 48];
      const offset = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) rgba[offset + c] = Math.round(base[c] * (1 - stroke) + amber[c] * stroke);
      rgba[offset + 3] = Math.round(255 * tile);
    }
  }
  return encodePng(size, size, rgba);
}

const out = process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'media', 'icon.png');
writeFileSync(out, drawIcon());
console.log(`wrote ${out}`);
