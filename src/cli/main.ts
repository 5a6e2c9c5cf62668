/** `ops-copilot` entry: dispatches to a subcommand; exit 0 ok, 1 findings, 2 usage or I/O error. */
import { commandList } from './commandList';
import { CliIo, UsageError, writeLine } from './cliCommand';

export function topLevelHelp(): string {
  const width = Math.max(...commandList.map((c) => c.name.length), 8);
  return [
    'Usage: ops-copilot <command> [options]',
    '',
    'Commands:',
    ...commandList.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'ops-copilot <command> --help' for a command's options.",
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    writeLine(name ? io.stdout : io.stderr, topLevelHelp());
    return name ? 0 : 2;
  }
  const command = commandList.find((c) => c.name === name);
  if (!command) {
    writeLine(io.stderr, `ops-copilot: unknown command '${name}'. Run 'ops-copilot --help'.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    writeLine(io.stdout, command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    writeLine(io.stderr, `ops-copilot ${name}: ${message.split('\n')[0]}`);
    if (!(error instanceof UsageError) && io.env.OPS_DEBUG) writeLine(io.stderr, String((error as Error).stack));
    return 2;
  }
}

if (require.main === module) {
  // EPIPE (e.g. `ops-copilot templates big.log | head`) is a normal end, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  void runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}
