// The extension host as a Linux process: found under the server's process group, measured through /proc.
import { readdirSync, readFileSync } from 'node:fs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Field 5 of /proc/<pid>/stat; the command name before it may hold spaces and parentheses, so parse after the last ')'. */
function processGroup(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[2]);
}

/** Pids of extension hosts started by the server whose process group is `serverPgid` (startServer() uses setsid). */
export function extensionHostPids(serverPgid) {
  const pids = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (processGroup(name) !== serverPgid) continue;
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (argv.includes('--type=extensionHost')) pids.push(Number(name));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

export function readRssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

/** Median of a few VmRSS readings a second apart, so one GC or timer in the host does not decide the figure. */
export async function sampleIdleRss(pid, samples = 5, intervalMs = 1000) {
  const readings = [];
  for (let i = 0; i < samples; i++) {
    if (i > 0) await sleep(intervalMs);
    readings.push(readRssKiB(pid));
  }
  readings.sort((a, b) => a - b);
  return readings[Math.floor(readings.length / 2)];
}

/** Whether a file mapped into the process (a loaded native module, say) matches `pattern`. */
export function mapsMention(pid, pattern) {
  return readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n').some((line) => pattern.test(line));
}
