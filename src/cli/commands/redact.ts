/** `ops-copilot redact [FILE|-]`: the text with secrets replaced by [REDACTED:kind] on stdout, a summary on stderr. */
import { readFile } from 'node:fs/promises';
import { CliCommand, CliIo, UsageError, writeLine } from '../cliCommand';
import { chooseFormat, parseCliArgs } from '../parseCliArgs';
import { redact } from '../../core/safety/redactor';

const usage = `Usage: ops-copilot redact [FILE|-] [--redact-ips] [--redact-emails] [--format text|json] [--quiet]

Prints FILE (or stdin) with API keys, tokens, JWTs, auth headers, URL passwords, password/secret/token fields, private
keys and webhook URLs replaced by [REDACTED:kind]; timestamps, ids, hashes, hosts, IPs, status codes and durations
stay. This is what the copilot sends to a remote model. A summary of what was replaced goes to stderr (--quiet: none).
--format json prints {"text": "...", "findings": [{"kind", "count"}]}.`;

export const redactCommand: CliCommand = {
  name: 'redact',
  summary: 'print a file with secrets replaced by [REDACTED:kind]',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCliArgs(args, {
      allowPositionals: true,
      options: {
        'redact-ips': { type: 'boolean', default: false },
        'redact-emails': { type: 'boolean', default: false },
        format: { type: 'string' },
        quiet: { type: 'boolean', default: false },
      },
    });
    const format = chooseFormat(values.format, ['text', 'json']);
    if (positionals.length > 1) throw new UsageError('give one FILE (or - for stdin)');
    const source = positionals[0] ?? '-';
    let text: string;
    try {
      text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${source === '-' ? 'stdin' : source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const result = redact(text, { redactIps: values['redact-ips'], redactEmails: values['redact-emails'] });
    if (format === 'json') writeLine(io.stdout, JSON.stringify(result));
    else io.stdout.write(result.text);
    if (!values.quiet) {
      const total = result.findings.reduce((sum, f) => sum + f.count, 0);
      const detail = result.findings.map((f) => `${f.kind}×${f.count}`).join(', ');
      writeLine(io.stderr, total === 0 ? 'ops-copilot redact: nothing to redact' : `ops-copilot redact: ${total} replaced (${detail})`);
    }
    return 0;
  },
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
