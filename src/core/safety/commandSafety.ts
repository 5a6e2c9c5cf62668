/**
 * The command checker: every command in a remediation plan (from a runbook or a model) gets safe | caution | dangerous
 * with reasons. Safe means read-only diagnostics we recognise; anything we do not recognise is at least caution.
 */
import { posix } from 'node:path';
import { Redirect, ShellWord, SimpleCommand, splitShellCommands } from './shellSplit';
import { assessSql } from './sqlSafety';
import { caution, dangerous, mergeVerdicts, Risk, RiskVerdict, safe } from './riskVerdict';

export type { Risk, RiskVerdict } from './riskVerdict';

const maxDepth = 6;

/** Checks a command line or a multi-line script. Never throws; unparseable text is `caution`. */
export function checkCommand(cmd: string): { risk: Risk; reasons: string[] } {
  return checkText(cmd, 0);
}

function checkText(text: string, depth: number): RiskVerdict {
  const trimmed = text.trim();
  if (!trimmed) return caution('empty command');
  if (depth > maxDepth) return caution('too deeply nested to check');
  const verdicts: RiskVerdict[] = [];
  if (forkBombPattern.test(trimmed) || /\bfork\s+while\s+fork\b/.test(trimmed)) {
    verdicts.push(dangerous('fork bomb: spawns processes until the host is unusable'));
  }
  if (looksLikeBareSql(trimmed)) return mergeVerdicts([...verdicts, assessSql(trimmed)]);
  if (/^(FLUSHALL|FLUSHDB)\b/i.test(trimmed) && /^[A-Z]/.test(trimmed)) {
    return mergeVerdicts([...verdicts, dangerous(`Redis ${trimmed.split(/\s/)[0]!.toUpperCase()} deletes every key`)]);
  }
  let commands: SimpleCommand[];
  try {
    commands = splitShellCommands(trimmed);
  } catch {
    return caution('could not parse the command');
  }
  for (const command of commands) verdicts.push(assessCommand(command, depth));
  if (verdicts.length === 0) return caution('no command found');
  return mergeVerdicts(verdicts);
}

// `:(){ :|:& };:` and named variants: a function that pipes itself into itself in the background.
const forkBombPattern = /([A-Za-z_:][\w:]*)\s*\(\)\s*\{[^}]*\1\s*\|\s*\1\s*&/;

const sqlKeywords = /^(SELECT|INSERT|UPDATE|DELETE|DROP|TRUNCATE|ALTER|CREATE|GRANT|REVOKE|SHOW|EXPLAIN|WITH|VACUUM|REINDEX|CLUSTER)\b/i;

function looksLikeBareSql(text: string): boolean {
  const first = text.split(/\s+/, 1)[0] ?? '';
  if (!sqlKeywords.test(first)) return false;
  // `truncate -s 0 file` is coreutils, `TRUNCATE TABLE t` is SQL.
  if (/^truncate$/i.test(first) && /\s-/.test(text)) return false;
  return /^[A-Z]+$/.test(first) || /;\s*$/.test(text) || /\b(from|table|database|set|where|into|index)\b/i.test(text);
}

// ---------------------------------------------------------------------------------------------------------------
// Paths

const systemRoots = [
  '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib32', '/lib64', '/libx32', '/opt', '/proc', '/root', '/run',
  '/sbin', '/srv', '/sys', '/usr', '/var', '/mnt', '/media', '/snap', '/data', '/var/lib', '/var/log', '/usr/local',
  '/usr/bin', '/usr/lib', '/usr/sbin', '/etc/ssl', '/var/www',
];
/** Below these, a recursive delete removes configuration, binaries, user homes or service data. */
const protectedTrees = ['/bin', '/boot', '/etc', '/home', '/lib', '/lib32', '/lib64', '/opt', '/root', '/sbin', '/srv', '/usr', '/var/lib', '/data', '/var/www', '/var/opt', '/var/spool', '/var/mail'];
const sensitiveFiles = /^\/etc\/(passwd|shadow|group|gshadow|sudoers(\.d(\/.*)?)?|fstab|hosts|resolv\.conf|ssh\/sshd_config|pam\.d(\/.*)?|security(\/.*)?|crontab|inittab|default\/grub)$|^\/boot\//;
const blockDevice = /^\/dev\/(sd[a-z]+\d*|hd[a-z]+\d*|vd[a-z]+\d*|xvd[a-z]+\d*|nvme\d+n\d+(p\d+)?|mmcblk\d+(p\d+)?|md\d+|dm-\d+|mapper\/.+|disk\/.+|loop\d+|sr\d+|nbd\d+|rbd\d+)$/;

function normalisePath(path: string): string {
  let p = path.replace(/^\$\{?HOME\}?/, '~').replace(/\/+/g, '/');
  // `/etc/../` is `/`: resolve dot segments of absolute paths the way the kernel will.
  if (p.startsWith('/') && /(^|\/)\.\.?(\/|$)/.test(p)) p = posix.normalize(p);
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  while (p.endsWith('/.')) p = p.slice(0, -2) || '/';
  return p;
}

/** The target is the whole filesystem, a home, the current directory or a bare wildcard. */
function isRootLike(word: ShellWord): boolean {
  const p = normalisePath(word.value);
  if (['/', '~', '.', '..'].includes(p)) return true;
  // A quoted '*' is a file literally named *, not a wildcard.
  if (word.hasGlob && ['/*', '/.*', '~/*', './*', '../*', '*', '.*', '~/.*'].includes(p)) return true;
  // `"$DIR"/` or `$DIR/*` becomes `/` when DIR is empty (the classic unset-variable wipe).
  if (word.hasExpansion && /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?\/\*?$/.test(word.value)) return true;
  return false;
}

function isSystemRoot(path: string): boolean {
  const p = normalisePath(path);
  if (systemRoots.includes(p)) return true;
  // A wildcard directly inside a system root: /etc/*, /var/*
  const parent = p.replace(/\/[^/]*[*?[][^/]*$/, '');
  return parent !== p && (parent === '' || systemRoots.includes(parent));
}

function isInProtectedTree(path: string): boolean {
  const p = normalisePath(path);
  return protectedTrees.some((root) => p === root || p.startsWith(root + '/'));
}

function isDevNullLike(target: string): boolean {
  return /^(\/dev\/(null|stdout|stderr|tty|fd\/\d+)|&?-?\d*-?)$/.test(target);
}

// ---------------------------------------------------------------------------------------------------------------
// Words and flags

function shortFlags(args: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const arg of args) {
    if (/^-[A-Za-z]+$/.test(arg)) for (const ch of arg.slice(1)) out.add(ch);
  }
  return out;
}

function hasOption(args: readonly string[], ...names: string[]): boolean {
  return args.some((arg) => names.some((name) => arg === name || (name.startsWith('--') && arg.startsWith(name + '='))));
}

function optionValue(args: readonly string[], ...names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    for (const name of names) {
      if (arg === name) return args[i + 1];
      if (name.startsWith('--') && arg.startsWith(name + '=')) return arg.slice(name.length + 1);
      if (!name.startsWith('--') && arg.startsWith(name) && arg.length > name.length) return arg.slice(name.length);
    }
  }
  return undefined;
}

/** Positional arguments, skipping options and the values of options listed in `withValue`. */
function positionals(args: readonly string[], withValue: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      if (withValue.includes(arg)) i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

function programName(word: string): string {
  return word.replace(/^\\/, '').replace(/^.*\//, '');
}

function asWords(values: readonly string[]): ShellWord[] {
  return values.map((value) => ({ value, quoted: true, hasGlob: false, hasExpansion: false }));
}

// ---------------------------------------------------------------------------------------------------------------
// One simple command

function assessCommand(command: SimpleCommand, depth: number): RiskVerdict {
  const verdicts: RiskVerdict[] = command.redirects.map(assessRedirect);
  for (const redirect of command.redirects) {
    if (redirect.body !== undefined && command.words.length > 0) {
      verdicts.push(assessStdinScript(command.words, redirect.body, depth));
    }
  }
  if (command.words.length > 0) verdicts.push(assessWords(command.words, command, depth));
  else if (verdicts.length === 0) verdicts.push(safe());
  return mergeVerdicts(verdicts);
}

function assessRedirect(redirect: Redirect): RiskVerdict {
  const target = redirect.target;
  const writes = redirect.op.includes('>') && !redirect.op.startsWith('<') && redirect.op !== '>&';
  if (!writes) return safe();
  if (isDevNullLike(target)) return safe();
  if (blockDevice.test(target)) return dangerous(`redirects output onto block device ${target}, destroying its data`);
  if (target === '/proc/sysrq-trigger') return dangerous('writes to /proc/sysrq-trigger (can crash or reboot the host)');
  if (sensitiveFiles.test(normalisePath(target))) {
    return dangerous(`${redirect.op === '>>' ? 'appends to' : 'overwrites'} ${target}, a sensitive system file`);
  }
  if (/^\/etc\/sudoers/.test(target)) return dangerous(`changes sudoers (${target})`);
  return caution(`writes to ${target}`);
}

/** An interpreter fed a here-document, here-string or `echo ... |`: check the text as that language. */
function assessStdinScript(words: readonly ShellWord[], body: string, depth: number): RiskVerdict {
  const { args, program } = unwrap(words.map((w) => w.value));
  if (!program) return safe();
  if (shellInterpreters.has(program)) return checkText(body, depth + 1);
  if (sqlClients.has(program)) return assessSql(body);
  if (program === 'redis-cli') return mergeVerdicts(body.split('\n').filter((l) => l.trim()).map((l) => assessRedis(splitShellCommands(l)[0]?.words.map((w) => w.value) ?? [])));
  if (program === 'mongo' || program === 'mongosh') return assessMongo(body);
  void args;
  return safe();
}

const shellKeywordPrefixes = new Set(['if', 'then', 'else', 'elif', 'while', 'until', 'do', '!', 'time']);
const shellInterpreters = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'busybox']);
const scriptInterpreters = new Set(['python', 'python2', 'python3', 'perl', 'ruby', 'node', 'php', 'pwsh', 'powershell', 'lua', 'deno', 'bun']);
const sqlClients = new Set(['psql', 'mysql', 'mariadb', 'sqlite3', 'clickhouse-client', 'cqlsh', 'sqlcmd', 'cockroach', 'snowsql', 'duckdb']);
const decoders = new Set(['base64', 'base32', 'xxd', 'uudecode', 'gunzip', 'zcat', 'rev', 'openssl', 'gzip', 'xz', 'bzip2', 'tr']);
const downloaders = new Set(['curl', 'wget', 'fetch', 'http', 'https', 'aria2c']);

/** Strips wrappers (sudo, env, nohup, timeout, nice, xargs ...) and leading VAR=value assignments. */
function unwrap(values: readonly string[]): { program: string | undefined; args: string[]; notes: string[]; fromXargs: boolean } {
  let rest = [...values];
  const notes: string[] = [];
  let fromXargs = false;
  for (let guard = 0; guard < 12 && rest.length > 0; guard++) {
    while (rest.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0]!)) rest.shift();
    if (rest.length === 0) break;
    const name = programName(rest[0]!);
    const args = rest.slice(1);
    const skip = (withValue: string[], flagsEnd?: (arg: string) => boolean): string[] => {
      let i = 0;
      while (i < args.length && args[i]!.startsWith('-') && args[i] !== '--' && !(flagsEnd?.(args[i]!) ?? false)) {
        i += withValue.includes(args[i]!) ? 2 : 1;
      }
      if (args[i] === '--') i++;
      return args.slice(i);
    };
    if (shellKeywordPrefixes.has(name)) {
      // `if cmd; then cmd; fi`, `while cmd; do cmd; done`: the keywords only introduce the real command.
      rest = args;
    } else if (name === 'sudo' || name === 'doas') {
      notes.push('runs as root');
      rest = skip(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '--user', '--group']);
    } else if (name === 'env') {
      rest = skip(['-u', '-C', '-S', '--unset', '--chdir']);
    } else if (name === 'nohup' || name === 'time' || name === 'exec' || name === 'command' || name === 'builtin' || name === 'stdbuf' || name === 'setsid' || name === 'unbuffer') {
      if (name === 'command' && (args[0] === '-v' || args[0] === '-V')) return { program: 'command', args, notes, fromXargs };
      rest = skip(['-i', '-o', '-e']);
    } else if (name === 'nice' || name === 'ionice' || name === 'chrt' || name === 'taskset') {
      rest = skip(['-n', '-c', '-p', '--adjustment', '--class']);
      if (name === 'taskset' || name === 'chrt') rest = rest.slice(1);
    } else if (name === 'timeout') {
      rest = skip(['-s', '-k', '--signal', '--kill-after']).slice(1);
    } else if (name === 'xargs') {
      fromXargs = true;
      rest = skip(['-n', '-P', '-I', '-L', '-d', '-E', '-s', '-a', '--max-args', '--max-procs', '--delimiter', '--arg-file']);
      if (rest.length === 0) rest = ['echo'];
    } else if (name === 'flock') {
      rest = skip(['-w', '-E', '--timeout']).slice(1);
    } else if (name === 'chroot') {
      rest = skip(['--userspec', '--groups']).slice(1);
    } else if (name === 'busybox' && args.length > 0) {
      rest = args;
    } else {
      return { program: name, args, notes, fromXargs };
    }
  }
  return { program: rest[0] ? programName(rest[0]) : undefined, args: rest.slice(1), notes, fromXargs };
}

function assessWords(words: readonly ShellWord[], command: SimpleCommand, depth: number): RiskVerdict {
  const values = words.map((w) => w.value);
  const { program, args, fromXargs } = unwrap(values);
  if (!program) return safe();
  // Keep the parsed word flags (globs, expansions) aligned with the unwrapped argument list.
  const argWords = words.slice(words.length - args.length);
  const fromEcho = command.pipedFrom ? echoedText(command.pipedFrom) : undefined;
  const stdinChecked = fromEcho !== undefined || command.redirects.some((r) => r.body !== undefined);
  const ctx: CommandContext = { program, args, argWords, command, depth, fromXargs, stdinChecked };
  const upstream = pipelineSources(command);

  if (shellInterpreters.has(program) || scriptInterpreters.has(program) || program === 'source' || program === '.' || program === 'eval') {
    const runsStdin = executesInput(program, args);
    if (runsStdin && upstream.some((c) => downloaders.has(c))) return dangerous(`pipes a download into ${program}: runs unreviewed remote code`);
    // `bash -c "$(curl …)"`, `bash <(curl …)`, `eval "$(wget …)"`: the code itself is downloaded.
    if (command.substitutions.some((s) => /\b(curl|wget)\b/.test(s))) return dangerous(`runs downloaded code through ${program}`);
    // Decoded or decompressed text run by an interpreter hides what runs: a classic way to slip past review.
    if ((runsStdin && upstream.some((c) => decoders.has(c))) || command.substitutions.some((s) => /\b(base64|base32|xxd|openssl\s+enc|gunzip|zcat|rev)\b/.test(s))) {
      return dangerous(`runs obfuscated (decoded) code through ${program}`);
    }
  }
  // `$x -rf /`, `$(echo rm) -rf /`: the program is computed at run time, so only its targets can be judged.
  if (words[words.length - args.length - 1]?.hasExpansion) {
    const target = argWords.find((w) => !w.value.startsWith('-') && (isRootLike(w) || isSystemRoot(w.value)));
    return target ? dangerous(`a command computed at run time acts on '${target.value}'`) : caution(`the command name '${values[values.length - args.length - 1]}' is computed at run time`);
  }
  if (fromEcho !== undefined && (shellInterpreters.has(program) || sqlClients.has(program) || program === 'redis-cli' || program === 'mongosh' || program === 'mongo')) {
    return mergeVerdicts([assessStdinScript(words, fromEcho, depth), assessProgram(ctx)]);
  }
  return assessProgram(ctx);
}

/**
 * True when the program runs code it reads from stdin or a substitution (`| sh`, `bash <(…)`, `eval "$(…)"`), not
 * when it runs its own inline program over piped data (`curl … | python3 -c 'import json…'`, `| python3 -m json.tool`).
 */
function executesInput(program: string, args: readonly string[]): boolean {
  if (program === 'source' || program === '.' || program === 'eval') return true;
  if (!shellInterpreters.has(program) && !scriptInterpreters.has(program)) return false;
  if (hasOption(args, '-c', '-e', '-E', '-m', '--eval', '-r', '-p', '--command')) return false;
  const script = args.find((a) => !a.startsWith('-'));
  return script === undefined || script.startsWith('/dev/fd') || script.startsWith('<(') || script === '-';
}

/** Programs feeding this command through pipes, nearest first. */
function pipelineSources(command: SimpleCommand): string[] {
  const out: string[] = [];
  for (let c = command.pipedFrom; c; c = c.pipedFrom) {
    const name = unwrap(c.words.map((w) => w.value)).program;
    if (name) out.push(name);
  }
  return out;
}

function echoedText(command: SimpleCommand): string | undefined {
  const { program, args } = unwrap(command.words.map((w) => w.value));
  if (program === 'echo') return args.filter((a) => !/^-[neE]+$/.test(a)).join(' ');
  if (program === 'printf') return (args[0] ?? '').replace(/\\n/g, '\n');
  if (program === 'cat' && args.length === 0) return command.redirects.find((r) => r.body !== undefined)?.body;
  return undefined;
}

interface CommandContext {
  program: string;
  args: string[];
  argWords: ShellWord[];
  command: SimpleCommand;
  depth: number;
  fromXargs: boolean;
  /** Its standard input is a here-document or echoed text that is checked on its own. */
  stdinChecked: boolean;
}

type Handler = (ctx: CommandContext) => RiskVerdict;

function assessProgram(ctx: CommandContext): RiskVerdict {
  const handler = handlers[ctx.program] ?? (/^mkfs(\.|$)/.test(ctx.program) ? handlers['mkfs'] : undefined);
  if (handler) return handler(ctx);
  if (readOnlyPrograms.has(ctx.program)) return safe();
  return caution(`'${ctx.program}' is not a known read-only command`);
}

/** Programs that only read (their write-capable options are handled in `handlers`). */
const readOnlyPrograms = new Set([
  'ls', 'll', 'la', 'dir', 'cat', 'tac', 'head', 'tail', 'less', 'more', 'grep', 'egrep', 'fgrep', 'zgrep', 'zcat', 'zless',
  'bzcat', 'xzcat', 'zstdcat', 'rg', 'ag', 'ack', 'wc', 'uniq', 'cut', 'tr', 'column', 'nl', 'fold', 'paste', 'join',
  'comm', 'diff', 'cmp', 'jq', 'locate', 'stat', 'file', 'readlink', 'realpath', 'basename', 'dirname', 'tree', 'du', 'df',
  'free', 'uptime', 'w', 'who', 'whoami', 'id', 'groups', 'last', 'lastb', 'lastlog', 'uname', 'arch', 'lsb_release', 'cal',
  'printenv', 'echo', 'printf', 'true', 'false', 'test', '[', 'sleep', 'pwd', 'cd', 'pushd', 'popd', 'type', 'which',
  'whereis', 'ps', 'pgrep', 'pidof', 'pstree', 'htop', 'atop', 'btop', 'glances', 'vmstat', 'iostat', 'mpstat', 'sar',
  'pidstat', 'dstat', 'top', 'nstat', 'lsof', 'ss', 'netstat', 'route', 'arp', 'ping', 'ping6', 'traceroute', 'traceroute6',
  'tracepath', 'mtr', 'dig', 'nslookup', 'host', 'whois', 'telnet', 'lsblk', 'blkid', 'lscpu', 'lsmem', 'lspci', 'lsusb',
  'lsmod', 'lshw', 'dmidecode', 'nproc', 'getconf', 'ulimit', 'numastat', 'findmnt', 'showmount', 'getent', 'base64',
  'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'b2sum', 'cksum', 'xxd', 'od', 'hexdump', 'strings', 'man', 'help',
  'ntpq', 'ntpstat', 'chronyc', 'iftop', 'nethogs', 'iotop', 'systemd-analyze', 'systemd-cgtop', 'systemd-cgls',
  'loginctl', 'free', 'tput', 'clear', 'export', 'alias', 'set', 'unset', 'exit', 'seq', 'expr', 'bc', 'sort', 'tee',
  'promtool', 'amtool', 'named-checkconf', 'named-checkzone', 'pg_isready', 'pg_controldata', 'iperf3', 'ab', 'hey',
  'trivy', 'nvidia-smi', 'smartctl', 'ethtool', 'iwconfig', 'nmcli', 'resolvectl', 'hostname', 'date', 'timedatectl',
  'hostnamectl', 'localectl', 'du', 'ncdu', 'journalctl', 'dmesg', 'lsattr', 'getfacl', 'namei', 'sensors', 'ipmitool',
  'kubectx', 'kubens', 'stern', 'k9s', 'dog', 'drill', 'curlie', 'httpstat', 'ldd', 'nm', 'objdump', 'readelf', 'pmap',
  'slabtop', 'perf', 'bpftrace', 'tcpdump', 'tshark', 'ngrep', 'strace', 'ltrace', 'gdb', 'jstack', 'jmap', 'jstat',
  'jcmd', 'consul', 'nomad', 'etcdctl', 'vault', 'pm2', 'supervisorctl', 'ceph', 'virsh', 'zpool', 'zfs', 'lvs', 'vgs',
  'pvs', 'lvdisplay', 'vgdisplay', 'pvdisplay', 'mdadm', 'xfs_info', 'dumpe2fs', 'tune2fs', 'fdisk', 'sfdisk', 'parted',
  'gdisk', 'ip', 'ifconfig', 'sysctl', 'nc', 'ncat', 'netcat', 'nmap', 'openssl', 'mount', 'sed', 'awk', 'gawk', 'mawk',
  'find', 'yq', 'history', 'crontab', 'visudo', 'wipefs', 'pt-query-digest', 'gitleaks', 'trufflehog', 'ausearch', 'aureport',
  'kubeval', 'kubeconform', 'shellcheck', 'hadolint', 'promql', 'logcli', 'mysqlcheck', 'pg_activity', 'pgbadger',
  // Loop and branch syntax whose bodies are checked as separate commands.
  'for', 'select', 'case', 'esac', 'done', 'fi', 'in', 'function', 'return', 'break', 'continue', 'read', 'wait', 'local', 'declare', 'shift',
]);

const handlers: Record<string, Handler> = {};
const on = (names: string[], handler: Handler): void => {
  for (const name of names) handlers[name] = handler;
};

// --- file system -----------------------------------------------------------------------------------------------

on(['rm', 'unlink'], ({ args, argWords, fromXargs, program }) => {
  const flags = shortFlags(args);
  const recursive = flags.has('r') || flags.has('R') || hasOption(args, '--recursive');
  if (hasOption(args, '--no-preserve-root')) return dangerous('rm --no-preserve-root: allows deleting the whole filesystem');
  const targets = argWords.filter((w) => !w.value.startsWith('-') || w.quoted);
  const verdicts: RiskVerdict[] = [];
  if (fromXargs) {
    verdicts.push(recursive ? dangerous('recursive rm of paths read from input: the targets cannot be reviewed') : caution('rm of paths read from input'));
  }
  for (const word of targets) {
    const path = word.value;
    if (isRootLike(word)) verdicts.push(dangerous(`${program}${recursive ? ' -r' : ''} on '${path}': deletes everything under it`));
    else if (isSystemRoot(path)) verdicts.push(dangerous(`${program} on system path '${path}'`));
    else if (recursive && isInProtectedTree(path)) verdicts.push(dangerous(`recursive delete inside '${path}' (system, home or service data)`));
    else if (recursive && word.hasGlob && !path.includes('/')) verdicts.push(dangerous(`recursive delete of a wildcard ('${path}') in an unknown directory`));
    else if (!recursive && sensitiveFiles.test(normalisePath(path))) verdicts.push(dangerous(`deletes ${path}`));
    else if (!recursive && /^\/(bin|sbin|boot|lib\w*|usr\/(s?bin|lib\w*))\//.test(normalisePath(path))) verdicts.push(dangerous(`deletes system file ${path}`));
  }
  if (verdicts.length === 0) verdicts.push(caution(`deletes ${targets.map((w) => w.value).join(' ') || 'files'}${recursive ? ' recursively' : ''}`));
  return mergeVerdicts(verdicts);
});

on(['rmdir'], () => caution('removes directories'));
on(['shred'], () => dangerous('shred irrecoverably overwrites data'));
on(['srm', 'wipe'], ({ program }) => dangerous(`${program} securely erases files`));
on(['blkdiscard'], () => dangerous('blkdiscard discards every block of a device'));

on(['find'], ({ args }) => {
  const deleting = hasOption(args, '-delete') || findExecDeletes(args);
  const writing = hasOption(args, '-exec', '-execdir', '-ok', '-okdir', '-fprint', '-fprint0', '-fprintf', '-fls');
  if (!deleting) return writing ? caution('find runs a command on every match') : safe();
  const starts = args.slice(0, Math.max(0, args.findIndex((a) => a.startsWith('-') || a === '(' || a === '!'))).filter(Boolean);
  const roots = starts.length > 0 ? starts : ['.'];
  const filtered = hasOption(args, '-name', '-iname', '-path', '-ipath', '-regex', '-mtime', '-mmin', '-newer', '-size', '-user', '-ctime', '-atime', '-empty');
  const broad = roots.some((r) => isRootLike({ value: r, quoted: false, hasGlob: false, hasExpansion: r.startsWith('$') }) || isSystemRoot(r));
  if (broad || !filtered) return dangerous(`find ... -delete on '${roots.join(' ')}' ${filtered ? '(a system path)' : 'without a name or age filter'}`);
  return caution(`find deletes matching files under ${roots.join(' ')}`);
});

function findExecDeletes(args: readonly string[]): boolean {
  const index = args.findIndex((a) => a === '-exec' || a === '-execdir' || a === '-ok');
  return index !== -1 && /^(rm|shred|unlink)$/.test(programName(args[index + 1] ?? ''));
}

on(['dd'], ({ args }) => {
  const of = args.find((a) => a.startsWith('of='))?.slice(3);
  if (of && blockDevice.test(of)) return dangerous(`dd writes onto block device ${of}, destroying its data`);
  if (of && isDevNullLike(of)) return caution('dd reads a device or file (heavy I/O)');
  return caution(of ? `dd writes ${of}` : 'dd copies raw data');
});

on(['mkfs', 'mke2fs', 'mkswap', 'mkdosfs', 'mkntfs'], ({ program }) => dangerous(`${program} formats a device, destroying its data`));
handlers['wipefs'] = ({ args }) =>
  hasOption(args, '-a', '--all', '-o', '--offset') || shortFlags(args).has('a') ? dangerous('wipefs erases filesystem signatures') : safe();
on(['fdisk', 'sfdisk', 'gdisk', 'cfdisk', 'sgdisk'], ({ args, program }) =>
  hasOption(args, '-l', '--list', '-s', '--show-size', '-d', '--dump', '-p', '--print') ? safe() : dangerous(`${program} rewrites partition tables`),
);
handlers['parted'] = ({ args }) => (args.some((a) => /^(print|p)$/.test(a)) || hasOption(args, '-l', '--list') ? safe() : dangerous('parted changes partition tables'));
on(['lvremove', 'vgremove', 'pvremove', 'lvreduce'], ({ program }) => dangerous(`${program} removes or shrinks LVM volumes (data loss)`));
handlers['zpool'] = ({ args }) => (/^(status|list|iostat|history|get)$/.test(args[0] ?? '') ? safe() : args[0] === 'destroy' ? dangerous('zpool destroy deletes the pool') : caution(`zpool ${args[0] ?? ''}`));
handlers['zfs'] = ({ args }) => (/^(list|get)$/.test(args[0] ?? '') ? safe() : args[0] === 'destroy' ? dangerous('zfs destroy deletes datasets') : caution(`zfs ${args[0] ?? ''}`));
handlers['mdadm'] = ({ args }) =>
  hasOption(args, '--zero-superblock') ? dangerous('mdadm --zero-superblock erases RAID metadata') : hasOption(args, '--detail', '-D', '--examine', '-E', '--query', '-Q') ? safe() : caution('mdadm changes a RAID array');
handlers['cryptsetup'] = ({ args }) => (args.some((a) => /^(luksFormat|erase|luksErase)$/.test(a)) ? dangerous('cryptsetup formats or erases an encrypted volume') : /^(status|luksDump)$/.test(args[0] ?? '') ? safe() : caution('cryptsetup changes an encrypted volume'));
on(['tune2fs', 'xfs_info', 'dumpe2fs'], ({ args, program }) => (program === 'tune2fs' && !hasOption(args, '-l') ? caution('tune2fs changes filesystem parameters') : safe()));
on(['fsck', 'e2fsck', 'xfs_repair'], ({ args, program }) => (program === 'xfs_repair' && hasOption(args, '-L') ? dangerous('xfs_repair -L zeroes the log (may lose data)') : caution(`${program} repairs a filesystem (unmount it first)`)));
handlers['mount'] = ({ args }) => (positionals(args, ['-t', '-o']).length === 0 && !hasOption(args, '-a') ? safe() : caution('mounts a filesystem'));
on(['umount', 'swapoff', 'swapon'], ({ program }) => caution(`${program} changes mounted storage`));

on(['chmod'], ({ args, argWords }) => {
  const recursive = shortFlags(args).has('R') || hasOption(args, '--recursive');
  const pos = positionals(args);
  const mode = pos[0] ?? '';
  const open = /^0?[0-7]?7[0-7]7$|^0?777$|a\+rwx|o\+w|\+rwx|ugo\+rwx/.test(mode);
  const targets = argWords.filter((w) => pos.slice(1).includes(w.value));
  for (const word of targets) {
    if (isRootLike(word) || isSystemRoot(word.value) || sensitiveFiles.test(normalisePath(word.value))) {
      if (recursive || open) return dangerous(`chmod ${recursive ? '-R ' : ''}${mode} on system path '${word.value}'`);
      return caution(`changes permissions of ${word.value}`);
    }
    if (open && (recursive || isInProtectedTree(word.value))) return dangerous(`chmod ${mode} makes '${word.value}' world-writable`);
  }
  return caution(`changes permissions${open ? ' to world-writable' : ''}`);
});

on(['chown', 'chgrp'], ({ args, argWords, program }) => {
  const recursive = shortFlags(args).has('R') || hasOption(args, '--recursive');
  const pos = positionals(args, ['--reference']);
  const targets = argWords.filter((w) => pos.slice(1).includes(w.value));
  for (const word of targets) {
    if (isRootLike(word) || isSystemRoot(word.value)) {
      return recursive ? dangerous(`${program} -R on system path '${word.value}'`) : caution(`${program} on ${word.value}`);
    }
    if (recursive && isInProtectedTree(word.value) && /^\/(etc|usr|bin|sbin|lib|boot)/.test(normalisePath(word.value))) {
      return dangerous(`${program} -R inside '${word.value}'`);
    }
  }
  return caution(`changes ownership${recursive ? ' recursively' : ''}`);
});

on(['mv'], ({ args, argWords }) => {
  const pos = positionals(args, ['-t', '--target-directory', '-S', '--suffix']);
  const dest = pos.at(-1);
  if (dest === '/dev/null') return dangerous('mv to /dev/null destroys the source');
  for (const word of argWords.filter((w) => pos.slice(0, -1).includes(w.value))) {
    if (isRootLike(word) || isSystemRoot(word.value) || sensitiveFiles.test(normalisePath(word.value))) return dangerous(`moves system path '${word.value}'`);
  }
  if (dest && sensitiveFiles.test(normalisePath(dest))) return dangerous(`replaces ${dest}`);
  return caution(`moves files${dest ? ` to ${dest}` : ''}`);
});

on(['cp', 'install', 'ln', 'rsync', 'scp'], ({ args, program }) => {
  const pos = positionals(args, ['-t', '--target-directory', '-e', '--rsh', '-i', '-P', '--exclude', '--include', '-S', '-o', '-m', '-g']);
  const dest = pos.at(-1) ?? '';
  if (sensitiveFiles.test(normalisePath(dest)) || /^\/etc\/sudoers/.test(dest)) return dangerous(`${program} overwrites ${dest}`);
  if (program === 'rsync' && hasOption(args, '--delete', '--delete-before', '--delete-after', '--delete-during', '--delete-excluded')) {
    return isRootLike({ value: dest, quoted: false, hasGlob: false, hasExpansion: false }) || isSystemRoot(dest)
      ? dangerous(`rsync --delete into '${dest}'`)
      : caution('rsync --delete removes destination files missing from the source');
  }
  return caution(`${program} writes ${dest || 'files'}`);
});

on(['truncate'], ({ args }) => caution(`truncates ${positionals(args, ['-s', '--size', '-r', '--reference']).join(' ') || 'a file'}`));
on(['touch', 'mkdir', 'mktemp', 'tar', 'zip', 'unzip', 'gzip', 'gunzip', 'xz', 'bzip2', 'zstd', 'logrotate', 'split'], ({ program }) => caution(`${program} writes files`));

handlers['tee'] = ({ args }) => {
  const targets = positionals(args);
  if (targets.some((t) => sensitiveFiles.test(normalisePath(t)) || /^\/etc\/sudoers/.test(t))) return dangerous(`tee writes ${targets.join(' ')}`);
  if (targets.some((t) => blockDevice.test(t))) return dangerous('tee writes onto a block device');
  if (targets.some((t) => t === '/proc/sysrq-trigger')) return dangerous('writes to /proc/sysrq-trigger');
  return targets.filter((t) => !isDevNullLike(t)).length > 0 ? caution(`writes ${targets.join(' ')}`) : safe();
};

handlers['sed'] = ({ args }) => {
  if (!args.some((a) => /^-[a-zA-Z]*i/.test(a) || a.startsWith('--in-place'))) return safe();
  const files = positionals(args, ['-e', '-f', '--expression', '--file']);
  if (files.some((f) => /^\/etc\/sudoers/.test(f) || sensitiveFiles.test(normalisePath(f)))) return dangerous(`sed -i edits ${files.slice(1).join(' ')}`);
  return caution('sed -i edits files in place');
};
on(['awk', 'gawk', 'mawk'], ({ args }) =>
  args.some((a) => /\bsystem\s*\(|\|\s*"|print[^;}]*>\s*"?[^=]/.test(a)) || hasOption(args, '-i') ? caution('the awk program runs commands or writes files') : safe(),
);
handlers['yq'] = ({ args }) => (hasOption(args, '-i', '--inplace') ? caution('yq -i edits files in place') : safe());
handlers['sort'] = ({ args }) => (hasOption(args, '-o', '--output') ? caution('sort -o writes a file') : safe());
handlers['history'] = ({ args }) => (hasOption(args, '-c', '-d', '-w') ? caution('changes shell history') : safe());
handlers['crontab'] = ({ args }) => (hasOption(args, '-r') ? dangerous('crontab -r deletes every cron job of the user') : hasOption(args, '-l') ? safe() : caution('changes cron jobs'));

// --- privileges ------------------------------------------------------------------------------------------------

handlers['visudo'] = ({ args }) => (hasOption(args, '-c', '--check') ? safe() : dangerous('edits sudoers'));
handlers['usermod'] = ({ args }) => {
  const groups = optionValue(args, '-G', '--groups', '-aG') ?? args.find((_, i) => /^-a?G$/.test(args[i - 1] ?? ''));
  if (groups && /\b(sudo|wheel|admin|root|docker)\b/.test(groups)) return dangerous(`grants administrative rights (group ${groups})`);
  return caution('changes a user account');
};
handlers['passwd'] = ({ args }) => (hasOption(args, '-d', '--delete') ? dangerous('removes a password') : hasOption(args, '-S', '--status') ? safe() : caution('changes a password'));
handlers['userdel'] = ({ args }) => (hasOption(args, '-r', '--remove', '-f') ? dangerous('deletes a user and their home') : caution('deletes a user'));
on(['useradd', 'adduser', 'groupadd', 'groupdel', 'gpasswd', 'chage', 'chpasswd'], ({ program }) => caution(`${program} changes accounts`));
on(['su'], ({ args, depth }) => {
  const inner = optionValue(args, '-c', '--command');
  return inner ? checkNestedAt(inner, 'su -c', depth) : caution('opens a root shell');
});
on(['setfacl', 'chattr', 'setenforce', 'setcap'], ({ program }) => caution(`${program} changes access control`));

// --- processes and power -----------------------------------------------------------------------------------------

handlers['kill'] = ({ args }) => {
  let signalGiven = hasOption(args, '-s', '-n');
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-s' || arg === '-n') {
      i++;
      continue;
    }
    if (arg === '-l' || arg === '-L') return safe();
    if (!signalGiven && /^-([A-Z]+|\d+|SIG\w+)$/i.test(arg)) {
      signalGiven = true;
      continue;
    }
    if (arg !== '--') targets.push(arg);
  }
  if (targets.includes('1')) return dangerous('kills PID 1 (init/systemd): the host goes down');
  if (targets.includes('-1')) return dangerous('kill -1 signals every process the user can reach');
  return caution(`kills process ${targets.join(' ')}`);
};
on(['pkill', 'killall', 'killall5', 'skill'], ({ args, program }) => {
  if (program === 'killall5') return dangerous('killall5 signals every process');
  const names = positionals(args, ['-s', '--signal', '-u', '-U', '-g', '-G', '-P', '-t', '-n']);
  if (names.some((n) => /^(init|systemd|sshd|dbus-daemon|dbus|systemd-journald|kthreadd)$/.test(n))) {
    return dangerous(`${program} ${names.join(' ')} kills a core system process`);
  }
  return caution(`kills processes ${names.join(' ')}`);
});

on(['shutdown', 'reboot', 'halt', 'poweroff'], ({ args, program }) =>
  program === 'shutdown' && hasOption(args, '-c') ? caution('cancels a scheduled shutdown') : dangerous(`${program} takes the host down`),
);
on(['init', 'telinit'], ({ args, program }) => (/^[06sS]$/.test(args[0] ?? '') ? dangerous(`${program} ${args[0]} halts, reboots or isolates the host`) : caution(`${program} changes the run level`)));

handlers['systemctl'] = ({ args }) => {
  const pos = positionals(args, ['-H', '--host', '-M', '--machine', '-t', '--type', '--state', '-p', '--property', '-n', '--lines', '-o', '--output']);
  const verb = pos[0] ?? 'list-units';
  const units = pos.slice(1).join(' ');
  if (/^(status|show|cat|list-.*|is-active|is-enabled|is-failed|is-system-running|get-default|help|show-environment)$/.test(verb)) return safe();
  if (/^(poweroff|reboot|halt|kexec|emergency|rescue|isolate|suspend|hibernate|hybrid-sleep|soft-reboot)$/.test(verb)) {
    return dangerous(`systemctl ${verb} takes the host down or changes its mode`);
  }
  if (/^(stop|disable|mask|kill)$/.test(verb) && /\bssh(d)?(\.service|\.socket)?\b/.test(units)) return dangerous(`systemctl ${verb} ${units} can lock out remote access`);
  if (/^(restart|try-restart|reload-or-restart|try-reload-or-restart|condrestart)$/.test(verb)) return caution(`restarts ${units || 'a unit'}`);
  return caution(`systemctl ${verb} ${units}`.trim());
};
handlers['service'] = ({ args }) => {
  const action = args[1] ?? '';
  if (/^(status|--status-all)$/.test(action) || args[0] === '--status-all') return safe();
  return caution(`service ${args.join(' ')}`.trim());
};
handlers['journalctl'] = ({ args }) =>
  args.some((a) => /^--(vacuum-(size|time|files)|rotate|flush|relinquish-var|setup-keys)/.test(a)) ? caution('changes or deletes journal files') : safe();
handlers['dmesg'] = ({ args }) => (hasOption(args, '-c', '-C', '-D', '-E', '-n', '--clear', '--read-clear', '--console-off') ? caution('changes the kernel ring buffer') : safe());
handlers['sysctl'] = ({ args }) => (hasOption(args, '-w', '--write', '-p', '--load', '--system') || args.some((a) => a.includes('=')) ? caution('changes kernel parameters') : safe());
handlers['date'] = ({ args }) => (hasOption(args, '-s', '--set') ? caution('sets the system clock') : safe());
handlers['hostname'] = ({ args }) => (positionals(args).length > 0 && !hasOption(args, '-f', '-i', '-I', '-d', '-s') ? caution('renames the host') : safe());
on(['timedatectl', 'hostnamectl', 'localectl'], ({ args, program }) => (/^(set-|set$)/.test(args[0] ?? '') ? caution(`${program} ${args[0]} changes system settings`) : safe()));

// --- network -----------------------------------------------------------------------------------------------------

on(['iptables', 'ip6tables', 'iptables-legacy', 'iptables-nft'], ({ args, program }) => {
  const flags = shortFlags(args);
  if (flags.has('F') || hasOption(args, '--flush')) return dangerous(`${program} -F flushes firewall rules`);
  if (flags.has('X') || hasOption(args, '--delete-chain')) return dangerous(`${program} -X deletes firewall chains`);
  const policy = optionValue(args, '-P', '--policy');
  if (policy !== undefined) {
    const target = args[args.indexOf('-P') + 2] ?? args[args.indexOf('--policy') + 2] ?? '';
    return /DROP|REJECT/i.test(target) ? dangerous(`${program} -P ${policy} ${target} can cut off all traffic, SSH included`) : caution(`${program} changes a chain policy`);
  }
  if ((flags.has('L') || flags.has('S') || hasOption(args, '--list', '--list-rules')) && !flags.has('Z')) return safe();
  return caution(`${program} changes firewall rules`);
});
handlers['iptables-save'] = () => safe();
handlers['iptables-restore'] = () => caution('replaces firewall rules');
handlers['nft'] = ({ args }) => {
  const text = positionals(args, ['-f', '--file', '-I']).join(' ');
  if (/^(flush|delete|destroy)\s+(ruleset|table|chain)/.test(text)) return dangerous(`nft ${text} removes firewall rules`);
  if (/^(list|monitor|describe)\b/.test(text) || hasOption(args, '--check', '-c')) return safe();
  return caution(`nft ${text} changes firewall rules`.trim());
};
handlers['ufw'] = ({ args }) => {
  const verb = positionals(args)[0] ?? '';
  if (/^(disable|reset)$/.test(verb)) return dangerous(`ufw ${verb} turns the firewall off`);
  if (/^(status|show|app|version)$/.test(verb)) return safe();
  return caution(`ufw ${verb} changes firewall rules`);
};
handlers['firewall-cmd'] = ({ args }) => {
  if (hasOption(args, '--panic-on')) return dangerous('firewall-cmd --panic-on drops all traffic');
  if (args.every((a) => /^--(list|get|query|state|info|check)/.test(a) || a.startsWith('--zone'))) return safe();
  return caution('changes firewall rules');
};
handlers['ip'] = ({ args }) => {
  const pos = positionals(args, ['-n', '-netns', '-f', '-family']);
  const action = pos[1] ?? 'show';
  if (/^(show|list|ls|get|monitor|lst|sh)$/.test(action) || pos[0] === 'help' || pos.length <= 1) return safe();
  if (action === 'flush' && /^(route|r|ro|addr|a|address)$/.test(pos[0] ?? '')) return dangerous(`ip ${pos[0]} flush removes every ${pos[0]?.startsWith('r') ? 'route' : 'address'}`);
  return caution(`ip ${pos.slice(0, 2).join(' ')} changes networking`);
};
handlers['ifconfig'] = ({ args }) => (positionals(args).length <= 1 ? safe() : caution('ifconfig changes an interface'));
on(['ifdown', 'ifup', 'dhclient', 'netplan', 'nmcli'], ({ args, program }) =>
  program === 'nmcli' && /^(general|device|connection|d|c|g)$/.test(args[0] ?? '') && /^(status|show|list|s)?$/.test(args[1] ?? '') ? safe() : caution(`${program} changes networking`),
);
handlers['route'] = ({ args }) => (/^(add|del|delete|flush)$/.test(positionals(args)[0] ?? '') ? caution('changes routes') : safe());
on(['nc', 'ncat', 'netcat'], ({ args }) => (hasOption(args, '-l', '--listen', '-e', '-c', '--exec') || shortFlags(args).has('l') ? caution('nc listens or executes commands') : safe()));
handlers['nmap'] = () => caution('nmap scans hosts (may trip intrusion detection)');
handlers['tcpdump'] = ({ args }) => (hasOption(args, '-w') ? caution('tcpdump writes a capture file (may hold sensitive data)') : safe());
on(['strace', 'ltrace', 'gdb', 'perf', 'bpftrace'], ({ program }) => caution(`${program} attaches to processes and can slow them down`));

on(['curl', 'curlie', 'http', 'https'], ({ args }) => {
  const method = (optionValue(args, '-X', '--request') ?? '').toUpperCase();
  const url = positionals(args, ['-X', '--request', '-H', '--header', '-d', '--data', '--data-raw', '--data-binary', '--data-urlencode', '-o', '--output', '-u', '--user', '-A', '-e', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '--cacert', '--cert', '--key', '-F', '--form', '-T', '--upload-file', '--resolve', '-x', '--proxy', '--json', '-b', '-c', '--retry']).join(' ');
  if (method === 'DELETE') {
    return /_all\b|\*|\/_?index/.test(url) ? dangerous(`HTTP DELETE on ${url}: bulk deletion`) : caution(`sends an HTTP DELETE to ${url}`);
  }
  if (/^(POST|PUT|PATCH)$/.test(method) || hasOption(args, '-d', '--data', '--data-raw', '--data-binary', '--data-urlencode', '-F', '--form', '-T', '--upload-file', '--json')) {
    return caution(`sends a write request to ${url}`);
  }
  const output = optionValue(args, '-o', '--output');
  if ((output !== undefined && !isDevNullLike(output)) || hasOption(args, '-O', '--remote-name', '-c', '--cookie-jar')) return caution('downloads to a file');
  return safe();
});
on(['wget', 'aria2c', 'fetch'], ({ args }) => {
  const out = optionValue(args, '-O', '--output-document');
  if (out === '-' || args.some((a) => /^-q?O-$|^-qO-$/.test(a)) || hasOption(args, '--spider')) return safe();
  if (hasOption(args, '--post-data', '--post-file', '--method')) return caution('sends a write request');
  return caution('downloads a file');
});
handlers['openssl'] = ({ args }) => {
  const sub = args[0] ?? '';
  if (/^(s_client|version|ciphers|verify|crl2pkcs7|asn1parse|errstr|list|speed|s_time|dgst|rand|base64|enc)$/.test(sub)) return sub === 'enc' ? caution('openssl enc writes files') : safe();
  if (/^(x509|req|crl|rsa|ec|pkey|pkcs12|pkcs7|ocsp)$/.test(sub)) {
    return hasOption(args, '-noout', '-text', '-checkend', '-verify') && !hasOption(args, '-out', '-new', '-x509toreq', '-signkey') ? safe() : caution(`openssl ${sub} creates or converts keys or certificates`);
  }
  return caution(`openssl ${sub} writes keys or certificates`);
};
handlers['chronyc'] = ({ args }) => {
  const verb = positionals(args, ['-h', '-p', '-f'])[0] ?? 'tracking';
  return /^(tracking|sources|sourcestats|activity|ntpdata|clients|serverstats|selectdata|authdata|rtcdata|smoothing|waitsync|manual)$/.test(verb) && verb !== 'manual'
    ? safe()
    : caution(`chronyc ${verb} changes time synchronisation`);
};
on(['sshd'], ({ args }) => (hasOption(args, '-T', '-t', '-V') ? safe() : caution('starts an sshd')));
on(['fail2ban-client'], ({ args }) => (/^(status|ping|version|get|banned)$/.test(positionals(args)[0] ?? '') ? safe() : caution(`fail2ban-client ${positionals(args).slice(0, 3).join(' ')} changes bans`)));
on(['crictl'], ({ args }) => (/^(ps|pods|images|img|info|inspect|inspecti|inspectp|logs|stats|statsp|version|ls)$/.test(positionals(args)[0] ?? '') ? safe() : caution(`crictl ${positionals(args)[0] ?? ''} changes containers or images`)));
on(['ssh'], ({ args, depth }) => {
  const pos = positionals(args, ['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B']);
  if (pos.length <= 1) return caution('opens a remote shell');
  return checkNestedAt(pos.slice(1).join(' '), `on ${pos[0]}`, depth);
});

// --- shells and interpreters -----------------------------------------------------------------------------------

on([...shellInterpreters], ({ args, depth, program, command, stdinChecked }) => {
  const inline = optionValue(args, '-c');
  if (inline !== undefined) return checkNestedAt(inline, `${program} -c`, depth);
  if (args.filter((a) => a !== '-s' && a !== '-e' && a !== '-x').length === 0 && stdinChecked) return safe();
  if (args.length === 0) return command.pipedFrom || command.redirects.some((r) => r.body !== undefined || r.op === '<') ? caution(`${program} runs a script from its input`) : caution(`opens a ${program} shell`);
  return caution(`${program} runs ${args.find((a) => !a.startsWith('-')) ?? 'a script'} (not reviewed)`);
});
on(['watch'], ({ args, depth }) => {
  const inner = positionals(args, ['-n', '--interval', '-d', '--differences']);
  if (inner.length === 0) return caution('watch without a command');
  return inner.length === 1 ? checkNestedAt(inner[0]!, 'under watch', depth) : checkNestedWords(inner, 'under watch', depth);
});
on(['source', '.'], ({ args }) => caution(`sources ${args[0] ?? 'a script'} into the shell`));
on(['eval'], ({ args, depth }) => checkNestedAt(args.join(' '), 'eval', depth));
on([...scriptInterpreters], ({ args, program, depth }) => {
  const code = optionValue(args, '-c', '-e', '-E', '--eval', '-r', '-p');
  if (code) {
    if (/rmtree\(\s*['"](\/|~|\/(etc|usr|var|home|boot|root))['"]/.test(code)) return dangerous(`${program} code deletes a system tree`);
    // Shell commands embedded in the code (os.system("..."), subprocess.run("...", shell=True), `...`) are checked too.
    const embedded = [...code.matchAll(/(?:system|popen|run|call|check_output|exec|execSync|spawnSync)\s*\(\s*(?:r|f)?(['"])(.+?)\1/g)].map((m) => m[2]!);
    const inner = embedded.map((text) => checkNestedAt(text, `inside ${program} code`, depth));
    if (inner.some((v) => v.risk === 'dangerous')) return mergeVerdicts(inner);
  }
  if (code && /\b(rmtree|rmdir|unlink|os\.remove|system|exec|popen|subprocess|child_process|fs\.rm|rm_rf|rimraf|fork)\b/.test(code)) {
    return caution(`${program} code deletes files or runs commands`);
  }
  if (args.length === 1 && /^(-V|--version|-v)$/.test(args[0]!)) return safe();
  return caution(`${program} runs code we cannot check`);
});

// --- SQL, Redis, Mongo -------------------------------------------------------------------------------------------

on(['psql'], ({ args, command, stdinChecked }) => {
  const sql = collectOptionValues(args, ['-c', '--command']);
  if (sql.length > 0) return assessSql(sql.join(';\n'));
  if (stdinChecked) return safe();
  if (hasOption(args, '-f', '--file')) return caution(`psql runs ${optionValue(args, '-f', '--file')} (not reviewed)`);
  if (hasOption(args, '-l', '--list', '-V', '--version')) return safe();
  return command.pipedFrom || command.redirects.length > 0 ? caution('psql runs SQL from its input') : caution('opens an interactive database session');
});
on(['mysql', 'mariadb'], ({ args, command, stdinChecked }) => {
  const sql = collectOptionValues(args, ['-e', '--execute']);
  if (sql.length > 0) return assessSql(sql.join(';\n'));
  if (stdinChecked) return safe();
  if (hasOption(args, '-V', '--version')) return safe();
  return command.pipedFrom || command.redirects.some((r) => r.op === '<' || r.body !== undefined) ? caution('mysql runs SQL from its input') : caution('opens an interactive database session');
});
on(['sqlite3', 'duckdb'], ({ args }) => {
  const pos = positionals(args, ['-cmd', '-separator']);
  const sql = pos.slice(1).join(';\n');
  if (!sql) return caution('opens an interactive database session');
  if (/^\.(tables|schema|indexes|indices|dbinfo|show|databases|help|mode|headers)\b/.test(sql.trim())) return safe();
  if (/^\./.test(sql.trim())) return caution(`sqlite3 ${sql.split(/\s/)[0]}`);
  return assessSql(sql);
});
on(['clickhouse-client', 'cqlsh', 'cockroach', 'snowsql', 'sqlcmd'], ({ args, program }) => {
  const sql = collectOptionValues(args, ['-q', '--query', '-e', '--execute', '-Q']);
  return sql.length > 0 ? assessSql(sql.join(';\n')) : caution(`${program} opens an interactive session`);
});
on(['dropdb', 'dropuser'], ({ program, args }) => dangerous(`${program} deletes ${positionals(args, ['-h', '-p', '-U', '--host', '--port', '--username']).join(' ') || 'a database object'}`));
on(['createdb', 'createuser', 'pg_ctl', 'pg_ctlcluster', 'pg_upgrade', 'pg_basebackup', 'pg_resetwal'], ({ program, args }) =>
  program === 'pg_resetwal' ? dangerous('pg_resetwal can corrupt the database') : /^(status)$/.test(positionals(args, ['-D'])[0] ?? '') ? safe() : caution(`${program} ${args[0] ?? ''}`.trim()),
);
on(['pg_dump', 'pg_dumpall', 'mysqldump', 'mongodump'], ({ args, program }) => (hasOption(args, '-f', '--file', '-r', '--result-file', '-o', '--out') ? caution(`${program} writes a dump file`) : safe()));
on(['pg_restore', 'mongorestore'], ({ args, program }) => (hasOption(args, '-c', '--clean', '--drop') ? dangerous(`${program} --clean drops existing objects first`) : caution(`${program} writes into a database`)));
handlers['mysqladmin'] = ({ args }) => {
  const verbs = positionals(args, ['-u', '-p', '-h', '-P', '--user', '--host', '--port']);
  if (verbs.some((v) => /^drop$/i.test(v))) return dangerous('mysqladmin drop deletes a database');
  if (verbs.every((v) => /^(status|extended-status|processlist|ping|variables|version)$/.test(v))) return safe();
  return caution(`mysqladmin ${verbs.join(' ')}`);
};
handlers['patronictl'] = ({ args }) => {
  const verb = positionals(args, ['-c', '--config-file'])[0] ?? '';
  if (/^(list|history|show-config|topology|version|dsn)$/.test(verb)) return safe();
  if (/^(remove)$/.test(verb)) return dangerous('patronictl remove wipes the cluster state');
  return caution(`patronictl ${verb}: ${/failover|switchover/.test(verb) ? 'fails the primary over' : 'changes the cluster'}`);
};

function collectOptionValues(args: readonly string[], names: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    for (const name of names) {
      if (arg === name && i + 1 < args.length) out.push(args[i + 1]!);
      else if (name.startsWith('--') && arg.startsWith(name + '=')) out.push(arg.slice(name.length + 1));
      else if (!name.startsWith('--') && arg.startsWith(name) && arg.length > name.length && name.length === 2) out.push(arg.slice(2));
    }
  }
  return out;
}

const redisSafe = /^(INFO|PING|GET|MGET|TTL|PTTL|TYPE|SCAN|SSCAN|HSCAN|ZSCAN|EXISTS|STRLEN|LLEN|LRANGE|LINDEX|HGET|HMGET|HGETALL|HLEN|HKEYS|HVALS|SMEMBERS|SCARD|SISMEMBER|ZRANGE|ZCARD|ZSCORE|ZRANGEBYSCORE|ZREVRANGE|XLEN|XINFO|XRANGE|XPENDING|DBSIZE|LASTSAVE|TIME|ROLE|ECHO|MONITOR|LATENCY|MEMORY|OBJECT|SLOWLOG|COMMAND|PUBSUB|GETRANGE|BITCOUNT|PFCOUNT|RANDOMKEY|DUMP|WAIT)$/;

function assessRedis(words: readonly string[], stdinChecked = false): RiskVerdict {
  const { args } = unwrap(['redis-cli', ...words.slice(programName(words[0] ?? '') === 'redis-cli' ? 1 : 0)]);
  const withValue = ['-h', '-p', '-a', '-n', '-u', '-s', '-r', '-i', '-d', '--user', '--pass', '--pattern', '--cacert', '--cert', '--key', '--count', '--memkeys-samples'];
  const pos = positionals(args, withValue);
  if (pos.length === 0) {
    if (stdinChecked || hasOption(args, '--bigkeys', '--memkeys', '--hotkeys', '--stat', '--latency', '--latency-history', '--latency-dist', '--scan', '--intrinsic-latency', '--version', '-v')) return safe();
    return caution('opens an interactive redis-cli session');
  }
  const verb = pos[0]!.toUpperCase();
  const sub = (pos[1] ?? '').toUpperCase();
  if (verb === 'FLUSHALL' || verb === 'FLUSHDB') return dangerous(`Redis ${verb} deletes every key${verb === 'FLUSHDB' ? ' of the database' : ''}`);
  if (verb === 'SHUTDOWN') return dangerous('Redis SHUTDOWN stops the server (unsaved data may be lost)');
  if (verb === 'DEBUG') return dangerous(`Redis DEBUG ${sub} can crash or block the server`);
  if (verb === 'CLUSTER' && /^(RESET|FORGET|DELSLOTS|FLUSHSLOTS)$/.test(sub)) return dangerous(`Redis CLUSTER ${sub} breaks cluster membership or slots`);
  if ((verb === 'REPLICAOF' || verb === 'SLAVEOF') && sub !== 'NO') return dangerous(`Redis ${verb} makes this node a replica, discarding its data`);
  if (verb === 'CONFIG' && /^(GET)$/.test(sub)) return safe();
  if (verb === 'CLIENT' && /^(LIST|INFO|GETNAME|ID)$/.test(sub)) return safe();
  if (verb === 'CLUSTER' && /^(INFO|NODES|SLOTS|SHARDS|MYID|COUNTKEYSINSLOT|KEYSLOT)$/.test(sub)) return safe();
  if (verb === 'KEYS') return caution('KEYS scans every key and blocks the server on large keyspaces (use SCAN)');
  if (redisSafe.test(verb)) return safe();
  return caution(`Redis ${verb}${sub ? ' ' + sub : ''} changes data or server state`);
}
handlers['redis-cli'] = ({ args, stdinChecked }) => assessRedis(['redis-cli', ...args], stdinChecked);

function assessMongo(code: string): RiskVerdict {
  if (/\.dropDatabase\s*\(|\.drop\s*\(\s*\)|\.(deleteMany|remove)\s*\(\s*\{\s*\}\s*\)/.test(code)) return dangerous('the Mongo script drops a database or collection or deletes every document');
  if (/\.(deleteOne|deleteMany|remove|update\w*|insert\w*|replaceOne|findAndModify|findOneAnd\w+|createIndex|dropIndex\w*|renameCollection|shutdownServer|adminCommand)\s*\(|rs\.(stepDown|remove|reconfig)/.test(code)) return caution('the Mongo script changes data or the replica set');
  return safe();
}
on(['mongo', 'mongosh'], ({ args, stdinChecked }) => {
  const code = optionValue(args, '--eval');
  return code !== undefined ? assessMongo(code) : stdinChecked ? safe() : caution('opens an interactive Mongo session');
});

// --- Kubernetes, Helm, containers -----------------------------------------------------------------------------

const kubectlValueFlags = ['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-l', '--selector', '-o', '--output', '-c', '--container', '--field-selector', '-f', '--filename', '--since', '--tail', '--sort-by', '-s', '--server', '--token', '--as', '--replicas', '--timeout', '--grace-period', '--image', '-p', '--patch', '--type', '--to-revision', '-k', '--kustomize', '--for', '--since-time', '--limit-bytes', '--current-replicas', '-L', '--label-columns'];
const kubectlDangerousKinds = /^(ns|namespaces?|pv|persistentvolumes?|pvc|persistentvolumeclaims?|no|nodes?|crds?|customresourcedefinitions?(\.[\w.]+)?|deploy|deployments?(\.apps)?|sts|statefulsets?(\.apps)?|ds|daemonsets?(\.apps)?|svc|services?|secrets?|cm|configmaps?|ing|ingress(es)?|sc|storageclass(es)?|clusterroles?|clusterrolebindings?|mutatingwebhookconfigurations?|validatingwebhookconfigurations?|all)$/;

on(['kubectl', 'oc', 'k'], ({ args, depth, program }) => {
  const dashIndex = args.indexOf('--');
  const own = dashIndex === -1 ? args : args.slice(0, dashIndex);
  const pos = positionals(own, kubectlValueFlags);
  const verb = pos[0] ?? '';
  const sub = pos[1] ?? '';
  const all = hasOption(own, '--all', '-A', '--all-namespaces');
  if (/^(get|describe|logs|log|top|explain|api-resources|api-versions|version|cluster-info|events|diff|wait|port-forward|proxy|completion|plugin|kustomize|whoami)$/.test(verb)) return safe();
  // --dry-run=client|server only prints or validates; nothing is persisted.
  if (own.some((a) => /^--dry-run(=(client|server))?$/.test(a)) && verb !== 'exec' && verb !== 'delete') return safe();
  if (verb === 'auth') return sub === 'reconcile' ? caution('kubectl auth reconcile changes RBAC') : safe();
  if (verb === 'config') return /^(view|get-contexts|current-context|get-clusters|get-users)$/.test(sub) ? safe() : caution(`kubectl config ${sub} changes the local kubeconfig`);
  if (verb === 'rollout') {
    if (/^(status|history)$/.test(sub)) return safe();
    if (sub === 'undo') return caution(`rolls back ${pos[2] ?? 'a workload'}`);
    return caution(`kubectl rollout ${sub} ${pos[2] ?? ''}`.trim() + (sub === 'restart' ? ': restarts every pod' : ''));
  }
  if (verb === 'scale') {
    const replicas = optionValue(own, '--replicas');
    return replicas === '0' ? caution(`scales ${pos.slice(1).join(' ')} to zero: the workload stops serving`) : caution(`scales ${pos.slice(1).join(' ')} to ${replicas ?? '?'} replicas`);
  }
  if (verb === 'delete') {
    const kinds = pos.slice(1).flatMap((p) => p.split('/')[0]!.split(','));
    const selector = hasOption(own, '-l', '--selector', '--field-selector');
    if (hasOption(own, '-f', '--filename', '-k', '--kustomize')) return dangerous('kubectl delete -f removes every resource in the manifest');
    if (all || selector) return dangerous(`kubectl delete ${pos.slice(1).join(' ')} ${all ? '--all' : 'by selector'}: mass deletion`);
    const risky = kinds.filter((k) => kubectlDangerousKinds.test(k.toLowerCase()));
    if (risky.length > 0) return dangerous(`kubectl delete ${pos.slice(1).join(' ')}: deletes ${risky.join(', ')} (data or service loss)`);
    if (hasOption(own, '--force') && hasOption(own, '--grace-period=0', '--grace-period')) return caution('force-deletes a pod without graceful shutdown');
    return caution(`kubectl delete ${pos.slice(1).join(' ')}${/^(po|pods?)$/.test(kinds[0] ?? '') ? ' (its controller recreates it)' : ''}`);
  }
  if (verb === 'drain') return caution(`drains node ${sub}: evicts every pod on it`);
  if (verb === 'exec' || verb === 'debug' || verb === 'attach') {
    if (dashIndex !== -1 && dashIndex + 1 < args.length) return checkNestedWords(args.slice(dashIndex + 1), `inside pod ${sub}`, depth);
    return caution(`opens a shell in ${sub || 'a pod'}`);
  }
  if (/^(cordon|uncordon|taint|apply|create|replace|patch|edit|set|label|annotate|autoscale|expose|run|cp|certificate)$/.test(verb)) return caution(`${program} ${verb} changes the cluster`);
  return caution(`${program} ${verb || '(no verb)'}`);
});

on(['helm'], ({ args }) => {
  const pos = positionals(args, ['-n', '--namespace', '--kube-context', '--kubeconfig', '-f', '--values', '--set', '--version', '-o', '--output', '--revision', '--timeout', '--repo']);
  const verb = pos[0] ?? '';
  if (/^(list|ls|status|get|history|hist|show|inspect|template|search|version|lint|env|verify|diff)$/.test(verb)) return safe();
  if (verb === 'repo' && /^(list|ls)$/.test(pos[1] ?? '')) return safe();
  if (/^(uninstall|delete|del|un)$/.test(verb)) return dangerous(`helm ${verb} ${pos[1] ?? ''} removes a release and its resources`.trim());
  if (verb === 'rollback') return caution(`rolls back release ${pos[1] ?? ''} to revision ${pos[2] ?? 'previous'}`);
  return caution(`helm ${verb} changes releases`);
});

on(['docker', 'podman', 'nerdctl'], ({ args, depth, program }) => {
  const pos = positionals(args, ['-H', '--host', '--context', '-c', '-f', '--file', '-p', '--project-name', '--format', '--filter', '--since', '--tail', '-n', '-e', '--env', '-u', '--user', '-w', '--workdir', '-v', '--volume', '--name', '--network', '--entrypoint', '--mount', '-l', '--label', '--until']);
  const verb = pos[0] ?? '';
  const sub = pos[1] ?? '';
  if (/^(ps|logs|inspect|stats|top|images|version|info|events|port|diff|history|search|login)$/.test(verb)) return safe();
  if (/^(container|image|network|volume|context|node|service|secret|config)$/.test(verb) && /^(ls|list|inspect|logs|ps|top|stats|history)$/.test(sub)) return safe();
  if (verb === 'system' && /^(df|info|events)$/.test(sub)) return safe();
  if (verb === 'system' && sub === 'prune') return hasOption(args, '-a', '--all', '--volumes') || shortFlags(args).has('a') ? dangerous(`${program} system prune ${hasOption(args, '--volumes') ? 'deletes unused volumes (data)' : '-a deletes every unused image and container'}`) : caution('removes stopped containers, dangling images and unused networks');
  if (verb === 'volume' && /^(rm|remove|prune)$/.test(sub)) return dangerous(`${program} volume ${sub} deletes volume data`);
  if (verb === 'compose' || program === 'docker-compose') {
    const action = verb === 'compose' ? sub : verb;
    if (/^(ps|logs|config|top|images|ls|version|events|port)$/.test(action)) return safe();
    if (action === 'down' && hasOption(args, '-v', '--volumes')) return dangerous('compose down -v deletes the volumes (data)');
    return caution(`compose ${action}`);
  }
  if (verb === 'exec') {
    const execIndex = args.indexOf('exec');
    const after = args.slice(execIndex + 1);
    const inner = positionals(after, ['-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file', '--detach-keys']);
    if (inner.length >= 2) {
      const start = after.lastIndexOf(inner[0]!) + 1;
      return checkNestedWords(after.slice(start), `inside container ${inner[0]}`, depth);
    }
    return caution('opens a shell in a container');
  }
  if (verb === 'run' && args.some((a) => /^(-v|--volume)=?\/:/.test(a) || /^\/:\//.test(a))) return caution(`${program} run mounts the host root filesystem`);
  return caution(`${program} ${verb} ${sub}`.trim());
});
handlers['docker-compose'] = (ctx) => handlers['docker']!({ ...ctx, program: 'docker-compose' });

// --- infrastructure as code and clouds ------------------------------------------------------------------------

on(['terraform', 'tofu', 'terragrunt'], ({ args, program }) => {
  const pos = positionals(args, ['-chdir', '-var', '-var-file', '-target', '-state', '-out', '-lock-timeout', '-parallelism']);
  const verb = pos[0] ?? '';
  const sub = pos[1] ?? '';
  if (verb === 'destroy' || (verb === 'apply' && hasOption(args, '-destroy', '--destroy'))) return dangerous(`${program} ${verb}${verb === 'apply' ? ' -destroy' : ''} deletes the managed infrastructure`);
  if (verb === 'state' && /^(rm|push|replace-provider|mv)$/.test(sub)) return dangerous(`${program} state ${sub} rewrites state (resources can be orphaned or destroyed)`);
  if (verb === 'workspace' && sub === 'delete') return dangerous(`${program} workspace delete removes a workspace's state`);
  if (/^(plan|show|output|validate|version|providers|graph|console|fmt)$/.test(verb)) return verb === 'fmt' && !hasOption(args, '-check') ? caution('terraform fmt rewrites files') : safe();
  if ((verb === 'state' && /^(list|show|pull)$/.test(sub)) || (verb === 'workspace' && /^(list|show)$/.test(sub))) return safe();
  if (verb === 'apply') return caution(`${program} apply changes infrastructure${hasOption(args, '-auto-approve', '--auto-approve') ? ' without asking for confirmation' : ''}`);
  return caution(`${program} ${verb} ${sub}`.trim());
});

on(['aws'], ({ args }) => {
  const pos = positionals(args, ['--region', '--profile', '--output', '--query', '--endpoint-url', '--cli-read-timeout', '--cli-connect-timeout', '--color', '--ca-bundle']);
  const [service = '', op = ''] = pos;
  if (service === 's3') {
    if (/^(ls|presign)$/.test(op)) return safe();
    if (op === 'rm' || op === 'rb') return dangerous(`aws s3 ${op} deletes ${pos[2] ?? 'objects'}${hasOption(args, '--recursive', '--force') ? ' recursively' : ''}`);
    if (op === 'sync' && hasOption(args, '--delete')) return dangerous('aws s3 sync --delete removes destination objects');
    return caution(`aws s3 ${op} writes objects`);
  }
  if (/^(describe|list|get|lookup|search|batch-get|head|filter|tail|estimate|validate|simulate|test|preview|scan|query|wait)(-|$)/.test(op)) return safe();
  if (/^(delete|terminate|purge|deregister|destroy|drop|remove-(?!tags)|disable-key|schedule-key-deletion|reset-db|restore-db-cluster-to-point)/.test(op)) return dangerous(`aws ${service} ${op} deletes or destroys resources`);
  return caution(`aws ${service} ${op} changes resources`);
});
on(['gcloud'], ({ args }) => {
  const pos = positionals(args, ['--project', '--zone', '--region', '--format', '--filter', '--limit', '--account', '--configuration']);
  if (pos.some((p) => /^(delete|purge)$/.test(p)) || pos.some((p) => /^(delete-|remove-iam)/.test(p))) return dangerous(`gcloud ${pos.join(' ')} deletes resources`);
  const last = pos.at(-1) ?? '';
  if (pos.some((p) => /^(list|describe|get-iam-policy|read|info|version|tail|get-credentials|get-value|print-access-token|get-server-config)$/.test(p)) || /^(list|describe)/.test(last)) return safe();
  return caution(`gcloud ${pos.slice(0, 4).join(' ')} changes resources`);
});
on(['gsutil'], ({ args }) => {
  const verb = positionals(args, ['-o', '-h'])[0] ?? '';
  if (/^(ls|cat|du|stat|version|hash|help)$/.test(verb)) return safe();
  if (verb === 'rm' || verb === 'rb' || (verb === 'rsync' && hasOption(args, '-d'))) return dangerous(`gsutil ${verb} deletes objects`);
  return caution(`gsutil ${verb} writes objects`);
});
on(['az', 'doctl', 'oci', 'hcloud', 'linode-cli', 'scw', 'ibmcloud'], ({ args, program }) => {
  const pos = positionals(args, ['-g', '--resource-group', '-n', '--name', '--subscription', '-o', '--output', '--query', '--region', '--context']);
  if (pos.some((p) => /^(delete|purge|destroy|rm|remove|terminate)$/.test(p))) return dangerous(`${program} ${pos.join(' ')} deletes resources`);
  if (pos.some((p) => /^(list|show|get|describe|version|ls|account|get-credentials)$/.test(p))) return safe();
  return caution(`${program} ${pos.slice(0, 3).join(' ')} changes resources`);
});

// --- git -------------------------------------------------------------------------------------------------------

on(['git'], ({ args }) => {
  const pos = positionals(args, ['-C', '-c', '--git-dir', '--work-tree']);
  const verb = pos[0] ?? '';
  const rest = args.slice(args.indexOf(verb) + 1);
  if (verb === 'push') {
    const refs = positionals(rest, ['-o', '--push-option', '--repo', '--receive-pack']);
    if (hasOption(rest, '--force', '-f', '--force-with-lease', '--mirror', '--delete', '-d', '--prune') || shortFlags(rest).has('f') || refs.some((r) => r.startsWith('+') || r.startsWith(':'))) {
      return dangerous('git push rewrites or deletes remote history (force, delete or mirror)');
    }
    return caution('git push publishes commits');
  }
  if (verb === 'reset' && hasOption(rest, '--hard', '--merge', '--keep')) return dangerous('git reset --hard discards uncommitted work');
  if (verb === 'clean' && (shortFlags(rest).has('f') || hasOption(rest, '--force'))) return dangerous('git clean -f deletes untracked files');
  if (/^(filter-branch|filter-repo)$/.test(verb)) return dangerous(`git ${verb} rewrites the whole history`);
  if (verb === 'reflog' && rest[0] === 'expire') return dangerous('git reflog expire drops recovery points');
  if (verb === 'gc' && rest.some((a) => a.startsWith('--prune'))) return caution('git gc --prune deletes unreachable objects');
  if (/^(status|log|diff|show|blame|fetch|rev-parse|describe|ls-files|ls-remote|ls-tree|grep|shortlog|reflog|cat-file|show-ref|whatchanged|count-objects|fsck|verify-commit|verify-tag|rev-list|name-rev|help|version|--version)$/.test(verb)) return safe();
  if (verb === 'branch') return hasOption(rest, '-d', '-D', '--delete', '-m', '-M', '--move', '-c', '-C', '-f', '--force', '-u', '--set-upstream-to') || positionals(rest).length > 0 ? caution('git branch changes branches') : safe();
  if (verb === 'tag') return hasOption(rest, '-d', '--delete', '-a', '-s', '-f') || positionals(rest, ['-l', '--list']).length > 0 && !hasOption(rest, '-l', '--list') ? caution('git tag changes tags') : safe();
  if (verb === 'remote') return positionals(rest).length === 0 || /^(show|get-url)$/.test(rest[0] ?? '') ? safe() : caution(`git remote ${rest[0]}`);
  if (verb === 'config') return hasOption(rest, '--get', '--list', '-l', '--get-all', '--get-regexp') ? safe() : caution('git config changes settings');
  if (verb === 'stash') return /^(list|show)$/.test(rest[0] ?? '') ? safe() : caution(`git stash ${rest[0] ?? 'push'}`);
  return caution(`git ${verb} changes the working tree or history`);
});

// --- services, queues, secrets ------------------------------------------------------------------------------------

handlers['etcdctl'] = ({ args }) => {
  const pos = positionals(args, ['--endpoints', '--cacert', '--cert', '--key', '-w', '--write-out', '--user', '--dial-timeout']);
  const verb = pos[0] ?? '';
  if (verb === 'del' && (hasOption(args, '--prefix', '--from-key'))) return dangerous(`etcdctl del ${pos.slice(1).join(' ')} with --prefix/--from-key deletes many keys`);
  if (/^(get|watch|version|check|alarm|lease|elect|lock)$/.test(verb) || (/^(member|endpoint|user|role|snapshot)$/.test(verb) && /^(list|status|health|hashkv|get|status)$/.test(pos[1] ?? ''))) return safe();
  if (verb === 'member' && pos[1] === 'remove') return dangerous('etcdctl member remove shrinks the cluster');
  return caution(`etcdctl ${verb} changes the cluster`);
};
handlers['consul'] = ({ args }) => {
  const pos = positionals(args, ['-http-addr', '-token', '-datacenter']);
  if (pos[0] === 'kv' && pos[1] === 'delete') return hasOption(args, '-recurse') ? dangerous('consul kv delete -recurse deletes a key tree') : caution('deletes a Consul key');
  if (/^(members|info|catalog|version|monitor|operator)$/.test(pos[0] ?? '') || (pos[0] === 'kv' && /^(get|export)$/.test(pos[1] ?? ''))) return safe();
  return caution(`consul ${pos.slice(0, 2).join(' ')}`);
};
handlers['nomad'] = ({ args }) => {
  const pos = positionals(args, ['-address', '-region', '-namespace', '-token']);
  const [verb = '', sub = ''] = pos;
  if (/^(status|version|monitor)$/.test(verb) || (/^(job|node|alloc|deployment|eval|server|namespace|volume|operator)$/.test(verb) && /^(status|inspect|history|logs|fs|list|members|plan|validate|allocs|deployments|versions)$/.test(sub))) return safe();
  if ((verb === 'job' && /^(stop|purge)$/.test(sub)) || verb === 'stop' || (verb === 'node' && sub === 'drain') || (verb === 'system' && sub === 'gc')) return dangerous(`nomad ${verb} ${sub} stops running workloads`.replace('  ', ' '));
  return caution(`nomad ${pos.slice(0, 2).join(' ')} changes the cluster`);
};
// The shell's own exit closes the user's terminal; load generators hit a real service.
handlers['exit'] = () => caution('exit closes the terminal the step runs in');
handlers['logout'] = () => caution('logout closes the terminal the step runs in');
on(['ab', 'hey', 'wrk', 'iperf3', 'siege', 'vegeta'], ({ program }) => caution(`${program} generates load against a service`));
handlers['vault'] = ({ args }) => {
  const pos = positionals(args, ['-address', '-namespace', '-format', '-field', '-mount']);
  const [verb = '', sub = ''] = pos;
  if ((verb === 'kv' && /^(delete|destroy|metadata)$/.test(sub) && (sub !== 'metadata' || pos[2] === 'delete')) || (/^(secrets|auth)$/.test(verb) && sub === 'disable') || (verb === 'operator' && /^(seal|raft)$/.test(sub)) || (verb === 'lease' && sub === 'revoke' && hasOption(args, '-prefix')) || verb === 'delete') {
    return dangerous(`vault ${pos.slice(0, 3).join(' ')} deletes secrets or seals the vault`);
  }
  if (/^(status|read|list|version|print|path-help)$/.test(verb) || (verb === 'kv' && /^(get|list)$/.test(sub)) || (verb === 'token' && sub === 'lookup') || (verb === 'secrets' && sub === 'list') || (verb === 'auth' && sub === 'list')) return safe();
  return caution(`vault ${pos.slice(0, 2).join(' ')} changes secrets or policy`);
};
on(['kafka-topics', 'kafka-topics.sh'], ({ args }) => (hasOption(args, '--delete') ? dangerous('deletes a Kafka topic and its messages') : hasOption(args, '--list', '--describe') ? safe() : caution('changes Kafka topics')));
on(['kafka-consumer-groups', 'kafka-consumer-groups.sh'], ({ args }) => (hasOption(args, '--delete', '--delete-offsets') ? dangerous('deletes consumer groups or offsets') : hasOption(args, '--list', '--describe') || (hasOption(args, '--reset-offsets') && !hasOption(args, '--execute')) ? safe() : caution('changes consumer offsets')));
handlers['rabbitmqctl'] = ({ args }) => {
  const verb = positionals(args, ['-n', '-p', '--vhost', '--node'])[0] ?? '';
  if (/^(list_\w+|status|cluster_status|environment|report|node_health_check|ping|version)$/.test(verb)) return safe();
  if (/^(purge_queue|delete_queue|delete_vhost|reset|force_reset|delete_user|forget_cluster_node)$/.test(verb)) return dangerous(`rabbitmqctl ${verb} deletes messages or broker state`);
  return caution(`rabbitmqctl ${verb}`);
};
handlers['nodetool'] = ({ args }) => {
  const verb = positionals(args, ['-h', '-p', '-u', '-pw'])[0] ?? '';
  if (/^(status|info|tpstats|compactionstats|netstats|cfstats|tablestats|describecluster|ring|gossipinfo|proxyhistograms|tablehistograms|version|getcompactionthroughput)$/.test(verb)) return safe();
  if (/^(decommission|removenode|assassinate|truncate|clearsnapshot)$/.test(verb)) return dangerous(`nodetool ${verb} removes a node or data`);
  return caution(`nodetool ${verb}`);
};
on(['pm2', 'supervisorctl'], ({ args, program }) => (/^(list|ls|l|status|logs|show|describe|info|monit|tail|jlist|avail|version)$/.test(args[0] ?? '') ? safe() : caution(`${program} ${args.join(' ')}`.trim())));
handlers['ceph'] = ({ args }) => {
  const text = positionals(args).join(' ');
  if (/\b(pool (delete|rm)|osd (purge|destroy)|fs rm|mon remove)\b/.test(text)) return dangerous(`ceph ${text} deletes storage`);
  if (/^(status|health|df|osd (tree|df|stat|dump|pool ls)|mon stat|pg stat|-s|versions|fs status)/.test(text) || text === '') return safe();
  return caution(`ceph ${text}`);
};
handlers['virsh'] = ({ args }) => {
  const verb = positionals(args, ['-c', '--connect'])[0] ?? '';
  if (/^(list|dominfo|domstate|nodeinfo|version|domblklist|dumpxml|net-list|pool-list|vol-list)$/.test(verb)) return safe();
  if (verb === 'undefine' && hasOption(args, '--remove-all-storage', '--storage')) return dangerous('virsh undefine --remove-all-storage deletes the VM disks');
  if (/^(vol-delete|pool-delete)$/.test(verb)) return dangerous(`virsh ${verb} deletes storage`);
  return caution(`virsh ${verb}${verb === 'destroy' ? ' (hard power-off)' : ''}`);
};
on(['nginx', 'apachectl', 'apache2ctl', 'httpd', 'haproxy', 'caddy', 'envoy'], ({ args, program }) =>
  hasOption(args, '-t', '-T', '-V', '-v', '-c', '-S', '-M', 'configtest', '-vv') || args.includes('configtest') || args.includes('validate') ? safe() : caution(`${program} ${args.join(' ')} (reload or restart)`.trim()),
);

// --- packages ----------------------------------------------------------------------------------------------------

on(['apt', 'apt-get', 'yum', 'dnf', 'zypper', 'apk', 'pacman', 'brew', 'snap', 'flatpak', 'pip', 'pip3', 'pipx', 'npm', 'yarn', 'pnpm', 'gem', 'cargo', 'go', 'conda', 'helmfile', 'port', 'choco', 'winget'], ({ args, program }) => {
  const verb = positionals(args)[0] ?? '';
  if (/^(list|ls|show|search|info|policy|outdated|view|why|audit|check|history|version|--version|config|cache|doctor|madison|depends|rdepends|query|freeze|env|help|repolist|provides|whatprovides)$/.test(verb) || hasOption(args, '--version', '-V', '-Q', '-Qi', '-Ss', '-Si')) return safe();
  return caution(`${program} ${verb} changes installed software`);
});
on(['dpkg', 'rpm'], ({ args, program }) =>
  args.some((a) => /^(-l|-L|-s|-S|-q\w*|--list|--listfiles|--status|--search|--query|--verify|-V|--get-selections|--print-architecture)$/.test(a)) ? safe() : caution(`${program} installs or removes packages`),
);

// ---------------------------------------------------------------------------------------------------------------
// Nested command strings (bash -c, ssh host 'cmd', kubectl exec -- cmd)

function checkNestedAt(text: string, where: string, depth: number): RiskVerdict {
  const verdict = checkText(text, depth + 1);
  return { risk: verdict.risk, reasons: verdict.reasons.map((r) => `${r} (${where})`) };
}

function checkNestedWords(words: readonly string[], where: string, depth: number): RiskVerdict {
  if (words.length === 1) return checkNestedAt(words[0]!, where, depth);
  const command: SimpleCommand = { words: asWords(words), redirects: [], substitutions: [] };
  const verdict = depth + 1 > maxDepth ? caution('too deeply nested to check') : assessCommand(command, depth + 1);
  return { risk: verdict.risk, reasons: verdict.reasons.map((r) => `${r} (${where})`) };
}
