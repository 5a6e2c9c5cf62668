/** `ops-copilot index`: builds or updates the runbook vector index, embedding only new or changed chunks. */
import { CliCommand, CliIo, UsageError, writeLine } from '../cliCommand';
import { chooseFormat, parseCliArgs } from '../parseCliArgs';
import { libraryArgOptions, libraryUsage, openRunbookLibrary } from './search';

const usage = `Usage: ops-copilot index [--runbooks DIR]... [--index DIR] [--format text|json] [runbook options]

Loads the runbooks, chunks them and brings the vector index up to date: unchanged chunks are kept, new or changed
ones embedded, removed ones deleted. A corrupt index, or one built by another embedder, is rebuilt. Exit 2 when a
runbook could not be read or the embedder failed (the problems are listed).

${libraryUsage}`;

export const indexCommand: CliCommand = {
  name: 'index',
  summary: 'Build or update the runbook index (only changed chunks are embedded)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCliArgs(args, { allowPositionals: false, options: { format: { type: 'string' }, ...libraryArgOptions } });
    const format = chooseFormat(values.format, ['text', 'json']);
    if ((values.embedder ?? 'builtin') === 'none') throw new UsageError('--embedder none has no index to build');

    const { library, indexDir } = openRunbookLibrary(values, io);
    const started = performance.now();
    let lastPercent = -1;
    const result = await library.refresh({
      onProgress: (done, total) => {
        const percent = Math.floor((done / Math.max(1, total)) * 100);
        if (format === 'text' && io.isTty && percent !== lastPercent) io.stderr.write(`\rembedding ${done}/${total}`);
        lastPercent = percent;
      },
    });
    if (format === 'text' && io.isTty && lastPercent >= 0) io.stderr.write('\n');
    const elapsedMs = Math.round(performance.now() - started);
    const ok = result.vectors && result.problems.length === 0;
    if (format === 'json') {
      writeLine(io.stdout, JSON.stringify({ ...result, embedder: library.embedderId, indexDir, elapsedMs }, null, 2));
    } else {
      writeLine(io.stdout, `${result.runbooks} runbooks, ${result.chunks} chunks; embedded ${result.embedded}, removed ${result.deleted}, kept ${result.kept} (${elapsedMs} ms)`);
      writeLine(io.stdout, `embedder ${library.embedderId}; index ${indexDir}`);
      if (result.rebuiltBecause) writeLine(io.stdout, `rebuilt: ${result.rebuiltBecause}`);
      if (!result.vectors) writeLine(io.stderr, 'the embedder failed; search falls back to keywords (see the warning above)');
    }
    return ok ? 0 : 2;
  },
};
