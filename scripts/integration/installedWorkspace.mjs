// The log the installed-extension check opens: ten minutes of healthy gateway traffic with the odd retry warning, then
// half a minute in which one error repeats every half second. Deterministic, so a miss is the extension's, not the data's.

/**
 * @param {number} startMs epoch ms of the first line
 * @returns {{ text: string, lineCount: number, firstLine: number, lastLine: number }} 1-based line range of the spike
 */
export function spikeLog(startMs) {
  const lines = [];
  const stamp = (ms) => new Date(startMs + ms).toISOString();
  let ms = 0;
  for (let i = 0; i < 600; i++) {
    ms += 1000 + ((i * 7919) % 900);
    const status = [200, 200, 200, 201, 204][i % 5];
    lines.push(`${stamp(ms)} INFO  [api-gateway] GET /api/v1/orders/${1000 + ((i * 37) % 9000)} completed with status ${status} in ${12 + ((i * 13) % 40)}ms`);
    if (i % 120 === 60) lines.push(`${stamp(ms + 5)} WARN  [payments] retrying charge for order ${5000 + i} after upstream timeout`);
  }
  const firstLine = lines.length + 1;
  for (let i = 0; i < 60; i++) {
    ms += 500;
    lines.push(`${stamp(ms)} ERROR [payments] charge failed for order ${7000 + i}: java.lang.IllegalStateException: ledger entry missing`);
    if (i % 3 === 0) lines.push(`${stamp(ms + 100)} INFO  [api-gateway] GET /api/v1/orders/${2000 + i} completed with status 200 in 20ms`);
  }
  return { text: `${lines.join('\n')}\n`, lineCount: lines.length, firstLine, lastLine: lines.length };
}
