import { FileAnalysis } from './fileAnalysis';
const paths = ['/api/orders', '/api/users', '/api/cart', '/health', '/api/search', '/api/payments'];
let t = Date.UTC(2026, 10, 1);
const parts: string[] = [];
for (let line = 1; line <= 250_000; line++) {
  t += 7 + (line % 13);
  const stamp = new Date(t).toISOString();
  const k = line % 100_000;
  if (k >= 50_000 && k < 50_040) parts.push(`${stamp} ERROR payments upstream payments timed out after 5000ms order=${line}`);
  else if (line % 997 === 0) parts.push(`${stamp} WARN http slow request GET /api/search status=200 duration=${400 + (line % 300)}ms`);
  else parts.push(`${stamp} INFO http GET ${paths[line % paths.length]} status=200 duration=${8 + (line % 50)}ms user=${1000 + (line % 877)}`);
}
const buf = Buffer.from(parts.join('\n') + '\n');
const a = new FileAnalysis({ file: 'big' });
const slice = 256 * 1024;
let max = 0; const times: number[] = [];
const t0 = performance.now();
for (let off = 0; off < buf.length; off += slice) {
  const s = performance.now();
  a.data(buf.subarray(off, off + slice), off);
  const d = performance.now() - s; times.push(d); max = Math.max(max, d);
}
a.end();
const total = performance.now() - t0;
times.sort((x, y) => x - y);
console.log(`${(buf.length / 1e6).toFixed(1)} MB in ${total.toFixed(0)} ms = ${(buf.length / 1e6 / total * 1000).toFixed(1)} MB/s; slice p50 ${times[times.length >> 1]!.toFixed(1)} max ${max.toFixed(1)} ms; anomalies ${a.anomalies().length}`);
