/**
 * Decides which paths a log watcher follows: `include` globs relative to each workspace folder minus `exclude`, plus
 * absolute paths or globs (`/var/log/nginx/*.log`). chokidar 4 does not expand globs, so the watcher watches each
 * root folder and asks this matcher, through its `ignored` callback, whether to walk a folder or follow a file;
 * excluded folders are pruned so node_modules is never walked.
 */
import * as path from 'node:path';
import picomatch from 'picomatch';

export interface LogPathMatcherOptions {
  /** Absolute workspace folder paths. */
  folders: readonly string[];
  include: readonly string[];
  exclude: readonly string[];
  /** Absolute file paths or absolute globs. */
  extraPaths: readonly string[];
}

interface WatchRoot {
  dir: string;
  /** Relative-path matchers for workspace folders; an absolute-path matcher for extra globs. */
  relative: boolean;
  isIncluded: (p: string) => boolean;
  isExcluded: (p: string) => boolean;
  /** False when an extra glob cannot match below its base folder's own files (e.g. `/var/log/*.log`). */
  descend: boolean;
}

export class LogPathMatcher {
  private readonly roots: WatchRoot[] = [];
  /** Extra paths that are not absolute: reported, not guessed at. */
  readonly rejected: string[] = [];

  constructor(options: LogPathMatcherOptions) {
    const globOptions = { dot: true };
    const exclude = picomatch([...options.exclude], globOptions);
    const include = options.include.length > 0 ? picomatch([...options.include], globOptions) : () => false;
    for (const folder of options.folders) {
      this.roots.push({ dir: path.resolve(folder), relative: true, isIncluded: include, isExcluded: exclude, descend: true });
    }
    for (const extra of options.extraPaths) {
      if (!path.isAbsolute(extra)) {
        this.rejected.push(extra);
        continue;
      }
      const scan = picomatch.scan(extra);
      if (!scan.isGlob) {
        const file = path.resolve(extra);
        this.roots.push({ dir: path.dirname(file), relative: false, isIncluded: (p) => p === file, isExcluded: () => false, descend: false });
        continue;
      }
      const matcher = picomatch(extra, globOptions);
      this.roots.push({
        dir: path.resolve(scan.base || '/'),
        relative: false,
        isIncluded: matcher,
        isExcluded: (p) => exclude(p),
        descend: scan.isGlobstar || scan.glob.includes('/'),
      });
    }
  }

  /** Folders to hand to the watcher (nested duplicates removed: one walk covers both). */
  watchRoots(): string[] {
    const dirs = [...new Set(this.roots.map((root) => root.dir))].sort();
    return dirs.filter((dir) => !dirs.some((other) => other !== dir && isInside(dir, other) && this.rootFor(other)?.descend));
  }

  /** Whether the file at this absolute path is a log to follow. */
  matchesFile(filePath: string): boolean {
    const p = path.resolve(filePath);
    return this.roots.some((root) => {
      if (!isInside(p, root.dir) || p === root.dir) return false;
      const rel = toPosix(path.relative(root.dir, p));
      if (root.relative) return !root.isExcluded(rel) && root.isIncluded(rel);
      if (!root.descend && path.dirname(p) !== root.dir) return false;
      return !root.isExcluded(toPosix(p)) && root.isIncluded(toPosix(p));
    });
  }

  /** Whether the watcher may walk into this folder: some root needs it and no root's exclude prunes it. */
  walksDirectory(dirPath: string): boolean {
    const p = path.resolve(dirPath);
    return this.roots.some((root) => {
      if (isInside(root.dir, p)) return true; // an ancestor of (or the) root itself
      if (!isInside(p, root.dir)) return false;
      if (!root.descend) return false;
      if (root.relative) return !root.isExcluded(toPosix(path.relative(root.dir, p)));
      return !root.isExcluded(toPosix(p));
    });
  }

  /**
   * chokidar's `ignored` callback. Without stats chokidar does not know yet whether the path is a folder, so only
   * what no root could want is dropped; it asks again with stats.
   */
  ignores(filePath: string, stats?: { isFile(): boolean; isDirectory(): boolean }): boolean {
    if (stats?.isDirectory()) return !this.walksDirectory(filePath);
    if (stats?.isFile()) return !this.matchesFile(filePath);
    return !this.walksDirectory(filePath) && !this.matchesFile(filePath);
  }

  private rootFor(dir: string): WatchRoot | undefined {
    return this.roots.find((root) => root.dir === dir);
  }
}

function isInside(child: string, parent: string): boolean {
  if (child === parent) return true;
  const rel = path.relative(parent, child);
  return rel.length > 0 && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
