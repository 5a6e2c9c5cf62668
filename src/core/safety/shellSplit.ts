/**
 * A small POSIX-shell reader for the command checker: splits a command line (or a multi-line script) into simple
 * commands, with quotes removed, redirections, here-documents and the text of $( ), ` `, <( ) substitutions kept.
 * It is not an interpreter: it never expands variables or globs, it only records that they were there.
 */

export interface ShellWord {
  /** The word with quotes removed (substitutions kept as written, e.g. "$(date)"). */
  value: string;
  /** True when any part was quoted (so `*` in it is not a glob). */
  quoted: boolean;
  /** An unquoted *, ? or [ that the shell would expand. */
  hasGlob: boolean;
  /** An unquoted $VAR / ${VAR} / $(...) that the shell would expand. */
  hasExpansion: boolean;
}

export interface Redirect {
  /** '>', '>>', '<', '<<', '<<<', '>&', '&>' ... with any fd number stripped. */
  op: string;
  fd?: number;
  target: string;
  /** The body of a here-document or here-string. */
  body?: string;
}

export interface SimpleCommand {
  words: ShellWord[];
  redirects: Redirect[];
  /** The command whose stdout feeds this one through `|`. */
  pipedFrom?: SimpleCommand;
  /** Inner texts of $( ), backticks and <( ) >( ) found in this command's words or redirects. */
  substitutions: string[];
}

type Token =
  | { kind: 'word'; word: ShellWord; substitutions: string[] }
  | { kind: 'op'; op: string }
  | { kind: 'redirect'; redirect: Redirect; substitutions: string[] };

/** Splits `text` into simple commands in source order; substitutions are returned as separate commands too. */
export function splitShellCommands(text: string, depth = 0): SimpleCommand[] {
  const tokens = tokenize(text);
  const commands: SimpleCommand[] = [];
  let current: SimpleCommand = emptyCommand();
  let pipeFrom: SimpleCommand | undefined;
  const finish = (): SimpleCommand | undefined => {
    const done = current;
    current = emptyCommand();
    if (done.words.length === 0 && done.redirects.length === 0) return undefined;
    commands.push(done);
    return done;
  };
  for (const token of tokens) {
    if (token.kind === 'word') {
      // Braces and parentheses only group; the commands inside are checked one by one.
      if (current.words.length === 0 && (token.word.value === '{' || token.word.value === '}') && !token.word.quoted) continue;
      if (current.words.length === 0 && pipeFrom) current.pipedFrom = pipeFrom;
      current.words.push(token.word);
      current.substitutions.push(...token.substitutions);
    } else if (token.kind === 'redirect') {
      if (current.words.length === 0 && pipeFrom) current.pipedFrom = pipeFrom;
      current.redirects.push(token.redirect);
      current.substitutions.push(...token.substitutions);
    } else {
      const done = finish();
      pipeFrom = token.op === '|' || token.op === '|&' ? done : undefined;
    }
  }
  finish();
  if (depth >= 8) return commands;
  const nested: SimpleCommand[] = [];
  for (const command of commands) {
    for (const inner of command.substitutions) nested.push(...splitShellCommands(inner, depth + 1));
  }
  return [...commands, ...nested];
}

function emptyCommand(): SimpleCommand {
  return { words: [], redirects: [], substitutions: [] };
}

const operatorChars = new Set(['|', '&', ';', '(', ')', '\n']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pendingHeredocs: { redirect: Redirect; delimiter: string; stripTabs: boolean }[] = [];
  let i = 0;
  const n = text.length;

  const readHeredocBodies = (): void => {
    // Called just after a newline: each pending here-document takes lines up to its delimiter.
    for (const pending of pendingHeredocs.splice(0)) {
      const lines: string[] = [];
      while (i < n) {
        const end = text.indexOf('\n', i);
        const line = text.slice(i, end === -1 ? n : end);
        i = end === -1 ? n : end + 1;
        const compare = pending.stripTabs ? line.replace(/^\t+/, '') : line;
        if (compare.trim() === pending.delimiter) break;
        lines.push(compare);
      }
      pending.redirect.body = lines.join('\n');
    }
  };

  while (i < n) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (ch === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '\n') {
      tokens.push({ kind: 'op', op: '\n' });
      i++;
      if (pendingHeredocs.length > 0) readHeredocBodies();
      continue;
    }
    // Redirections, optionally led by an fd number: 2>, 2>>, 2>&1, &>, <<, <<-, <<<, >|
    const redirect = /^(\d*)(&>>|&>|>>|>&|>\||<<<|<<-|<<|<&|<>|>|<)/.exec(text.slice(i, i + 6));
    // `<(` and `>(` are process substitutions, read as words below.
    const processSubstitution = (ch === '<' || ch === '>') && text[i + 1] === '(';
    if (redirect && !processSubstitution) {
      const fd = redirect[1] ? Number(redirect[1]) : undefined;
      const op = redirect[2]!;
      i += redirect[0].length;
      while (text[i] === ' ' || text[i] === '\t') i++;
      const target = readWord();
      const entry: Redirect = { op: op === '>|' ? '>' : op, fd, target: target.word.value };
      if (op === '<<' || op === '<<-') {
        pendingHeredocs.push({ redirect: entry, delimiter: target.word.value, stripTabs: op === '<<-' });
      } else if (op === '<<<') {
        entry.body = target.word.value;
      }
      tokens.push({ kind: 'redirect', redirect: entry, substitutions: target.substitutions });
      continue;
    }
    if (operatorChars.has(ch)) {
      const two = text.slice(i, i + 2);
      if (two === '&&' || two === '||' || two === '|&' || two === ';;') {
        tokens.push({ kind: 'op', op: two });
        i += 2;
      } else {
        tokens.push({ kind: 'op', op: ch });
        i++;
      }
      continue;
    }
    const { word, substitutions } = readWord();
    tokens.push({ kind: 'word', word, substitutions });
  }
  return tokens;

  function readWord(): { word: ShellWord; substitutions: string[] } {
    let value = '';
    let quoted = false;
    let hasGlob = false;
    let hasExpansion = false;
    const substitutions: string[] = [];
    while (i < n) {
      const ch = text[i]!;
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === ';' || ch === '|' || ch === '&' || ch === ')' || ch === '(') {
        // `<(` and `>(` are process substitutions, handled below; other ( ) end the word.
        break;
      }
      if ((ch === '<' || ch === '>') && text[i + 1] === '(') {
        const inner = readBalanced(i + 2, '(', ')');
        substitutions.push(inner.text);
        value += text.slice(i, inner.end);
        hasExpansion = true;
        i = inner.end;
        continue;
      }
      if (ch === '<' || ch === '>') break;
      if (ch === '\\') {
        if (text[i + 1] === '\n') {
          i += 2;
          continue;
        }
        value += text[i + 1] ?? '';
        quoted = true;
        i += 2;
        continue;
      }
      if (ch === "'") {
        const end = text.indexOf("'", i + 1);
        value += text.slice(i + 1, end === -1 ? n : end);
        quoted = true;
        i = end === -1 ? n : end + 1;
        continue;
      }
      if (ch === '$' && text[i + 1] === "'") {
        let j = i + 2;
        let out = '';
        while (j < n && text[j] !== "'") {
          if (text[j] === '\\' && j + 1 < n) {
            const esc = text[j + 1]!;
            out += esc === 'n' ? '\n' : esc === 't' ? '\t' : esc;
            j += 2;
          } else out += text[j++];
        }
        value += out;
        quoted = true;
        i = j + 1;
        continue;
      }
      if (ch === '"') {
        quoted = true;
        i++;
        while (i < n && text[i] !== '"') {
          const c = text[i]!;
          if (c === '\\' && i + 1 < n && '"\\$`\n'.includes(text[i + 1]!)) {
            if (text[i + 1] !== '\n') value += text[i + 1];
            i += 2;
          } else if (c === '$' && text[i + 1] === '(') {
            const start = i;
            const inner = readDollarParen();
            if (inner !== undefined) substitutions.push(inner);
            value += text.slice(start, i);
            hasExpansion = true;
          } else if (c === '`') {
            const start = i;
            substitutions.push(readBacktick());
            value += text.slice(start, i);
            hasExpansion = true;
          } else {
            if (c === '$' && /[A-Za-z_{@*#?$!0-9]/.test(text[i + 1] ?? '')) hasExpansion = true;
            value += c;
            i++;
          }
        }
        i++;
        continue;
      }
      if (ch === '$' && text[i + 1] === '(') {
        const start = i;
        const inner = readDollarParen();
        if (inner !== undefined) substitutions.push(inner);
        value += text.slice(start, i);
        hasExpansion = true;
        continue;
      }
      if (ch === '$' && text[i + 1] === '{') {
        const end = text.indexOf('}', i);
        value += text.slice(i, end === -1 ? n : end + 1);
        hasExpansion = true;
        i = end === -1 ? n : end + 1;
        continue;
      }
      if (ch === '`') {
        const start = i;
        substitutions.push(readBacktick());
        value += text.slice(start, i);
        hasExpansion = true;
        continue;
      }
      if (ch === '$' && /[A-Za-z_@*#?$!0-9]/.test(text[i + 1] ?? '')) hasExpansion = true;
      if (ch === '*' || ch === '?' || ch === '[') hasGlob = true;
      value += ch;
      i++;
    }
    return { word: { value, quoted, hasGlob, hasExpansion }, substitutions };
  }

  /** At `$(`: returns the inner text of a command substitution (undefined for `$((` arithmetic) and moves past it. */
  function readDollarParen(): string | undefined {
    if (text[i + 2] === '(') {
      const inner = readBalanced(i + 3, '(', ')');
      i = inner.end;
      if (text[i] === ')') i++;
      return undefined;
    }
    const inner = readBalanced(i + 2, '(', ')');
    i = inner.end;
    return inner.text;
  }

  function readBacktick(): string {
    let j = i + 1;
    let out = '';
    while (j < n && text[j] !== '`') {
      if (text[j] === '\\' && j + 1 < n) {
        out += text[j + 1];
        j += 2;
      } else out += text[j++];
    }
    i = Math.min(n, j + 1);
    return out;
  }

  /** From `start` (just past the opener), the text up to the matching closer, skipping quoted parts. */
  function readBalanced(start: number, open: string, close: string): { text: string; end: number } {
    let depth = 1;
    let j = start;
    while (j < n) {
      const c = text[j]!;
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === "'") {
        const end = text.indexOf("'", j + 1);
        j = end === -1 ? n : end + 1;
        continue;
      }
      if (c === '"') {
        j++;
        while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
        j++;
        continue;
      }
      if (c === open) depth++;
      else if (c === close && --depth === 0) return { text: text.slice(start, j), end: j + 1 };
      j++;
    }
    return { text: text.slice(start), end: n };
  }
}
