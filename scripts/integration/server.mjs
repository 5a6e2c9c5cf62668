// Starts the bare VS Code server (server-main.js, not the code-server wrapper, which rejects
// --enable-smoke-test-driver) in its own process group with its own state folder, and stops the whole group.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {{ nodeBin: string, serverMain: string, stateDir: string, trust: boolean, env?: Record<string, string> }} options
 */
export async function startServer(options) {
  const { nodeBin, serverMain, stateDir } = options;
  const port = await freePort();
  const dirs = {
    userData: path.join(stateDir, 'user-data'),
    serverData: path.join(stateDir, 'server-data'),
    extensions: path.join(stateDir, 'extensions'),
    home: path.join(stateDir, 'home'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const args = [
    serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    // A built workbench ignores the test payload without it.
    '--enable-smoke-test-driver',
    '--reconnection-grace-time', '5',
    '--user-data-dir', dirs.userData,
    '--server-data-dir', dirs.serverData,
    '--extensions-dir', dirs.extensions,
  ];
  if (!options.trust) args.push('--disable-workspace-trust');
  const env = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    XDG_STATE_HOME: path.join(dirs.home, '.local', 'state'),
    ...options.env,
  };
  delete env.ELECTRON_RUN_AS_NODE;
  const logPath = path.join(stateDir, 'server.log');
  const logStream = createWriteStream(logPath);
  // detached: setsid, so the server, its extension host and their children form one group we can kill at once.
  const child = spawn(nodeBin, args, { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(logStream, { end: false });
  child.stderr.pipe(logStream, { end: false });
  let exited = false;
  child.once('exit', () => { exited = true; });

  const server = {
    port,
    pid: child.pid,
    logPath,
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.pid === undefined) return;
      for (const [signal, waitMs] of [['SIGTERM', 3000], ['SIGKILL', 1000]]) {
        try {
          process.kill(-child.pid, signal);
        } catch {
          break; // the group is gone
        }
        const deadline = Date.now() + waitMs;
        while (Date.now() < deadline && groupAlive(child.pid)) await sleep(100);
        if (!groupAlive(child.pid)) break;
      }
      logStream.end();
    },
    /** Synchronous, for exit handlers. */
    kill() {
      try { if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    },
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the VS Code server exited during startup; see ${logPath}`);
    try {
      const response = await fetch(`${server.origin}/version`);
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  server.kill();
  throw new Error(`the VS Code server did not answer GET /version within 60 s; see ${logPath}`);
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
