/**
 * Online template miner in the Drain family (He et al., ICWS 2017): a fixed-depth prefix tree keyed by token count and
 * leading tokens, Jaccard-like position similarity with a threshold, bounded children. Two departures from Drain:
 *
 * - Constant-word guard: a line that differs from a template only in an alphabetic word ("VM Started" vs "VM Paused")
 *   forks a sibling template instead of turning the word into `<*>`. Siblings that differ at the same position are
 *   merged into one `<*>` template only once that position shows the variety of a variable (3+ distinct plain words, or
 *   8+ when every value looks like a state word: Capitalised, ALL CAPS, -ed, -ing). Drain merges on the first differing
 *   line, which is what makes it mix up state changes.
 * - Variable masking first (variableMasker.ts) with adjacent `<*>` collapsed, so values of variable length (lists,
 *   multi-word quoted strings) do not change the token count and do not split templates.
 *
 * Ids: a template's id is a hash of the masked form of the first line that created it. It never changes while the
 * template generalises, so detectors can count by id; the same input gives the same ids run after run. When two
 * templates merge, the younger one's id becomes an alias of the older one (`resolveId`, `get`, `templateOf` follow it).
 */
import type { LogTemplate, TemplateMatch } from './logTemplate';
import { LineShapeCache, maxShapeLength } from './lineShapeCache';
import { isDigit, maskTokenSpans, wildcard } from './variableMasker';

export interface TemplateMinerOptions {
  /** Leading tokens used as tree keys (Drain's depth minus 2). Default 2. */
  prefixTokens?: number;
  /** Minimum share of matching positions to join a template. Default 0.5. */
  similarity?: number;
  /** Children per tree node before further tokens share the `<*>` branch. Default 100. */
  maxChildren?: number;
  /** Bound on live templates: past it, a line joins its most similar template even below the threshold. Default 50,000. */
  maxTemplates?: number;
}

export interface TemplateMeta {
  line: number;
  timestamp?: number;
}

interface Cluster {
  id: string;
  tokens: string[];
  text: string | undefined;
  count: number;
  firstLine: number;
  lastLine: number;
  firstSeen?: number;
  lastSeen?: number;
  leaf: Leaf;
  mergedInto?: Cluster;
  /** When this template was forked from another at one alphabetic position: that sibling group. */
  forkGroup?: ForkGroup;
  /** Every token is `<*>` (kept up to date where tokens change). */
  wildcardsOnly: boolean;
}

/** What the shape cache keeps per line shape: the template that took it and where its tokens sit. */
interface CachedShape {
  spans: number[];
  cluster: Cluster;
  /**
   * Digits that masking kept (`eth0`, `IPV6`, `L3`) and the template still holds: positions in the line, each followed
   * by its character code. A line of the same shape with other digits there masks to other tokens (`eth1`), which that
   * template does not cover.
   */
  keptDigits: number[] | undefined;
}

/**
 * Where the template that took `body` holds digits of it (keptDigits of CachedShape: `eth0` kept by masking and not yet
 * generalised), or undefined when it holds none: where the template has a wildcard any digits do.
 */
function keptDigitsOf(body: string, tokens: readonly string[], spans: readonly number[]): number[] | undefined {
  let kept: number[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    let hasDigit = false;
    for (let j = 0; j < token.length && !hasDigit; j++) hasDigit = isDigit(token.charCodeAt(j));
    if (!hasDigit) continue;
    const start = spans[2 * i];
    const end = spans[2 * i + 1];
    // The kept text is the token's text before its first wildcard and after its last (`v6(<*>)`, `wl0:`); between two
    // wildcards every digit of the line counts, which can only turn a hit into a miss.
    const first = token.indexOf(wildcard);
    const last = token.lastIndexOf(wildcard);
    const head = first < 0 ? end - start : first;
    const tail = first < 0 ? 0 : token.length - last - 3;
    const middle = first >= 0 && last > first && /\d/.test(token.slice(first + 3, last));
    for (let p = start; p < end; p++) {
      if (p >= start + head && p < end - tail && !middle) continue;
      const c = body.charCodeAt(p);
      if (isDigit(c)) (kept ??= []).push(p, c);
    }
  }
  return kept;
}

function sameDigits(body: string, kept: readonly number[]): boolean {
  for (let k = 0; k < kept.length; k += 2) if (body.charCodeAt(kept[k]) !== kept[k + 1]) return false;
  return true;
}

/** Bound on cached line shapes: cleared when full (a shape costs 2-4 bytes per character and a few numbers). */
const shapeCacheSize = 8192;

interface ForkGroup {
  position: number;
  members: Cluster[];
}

interface Leaf {
  clusters: Cluster[];
}

interface TreeNode {
  children: Map<string, TreeNode>;
  leaf?: Leaf;
}

/** Plain words at a position needed before the position is judged variable. */
const minDistinctPlainWords = 3;
/** The same when every value looks like a state ("Started", "ERROR", "closed", "running"). */
const minDistinctStateWords = 8;
/** The same right after a word that introduces a name (`user root`, `for admin`, `host web`): two values suffice. */
const minDistinctNamedWords = 2;
/** Words after which a numbered name is a device (`via interface ee0`), one of a few constants. */
const deviceIntroducers = new Set(['interface', 'iface', 'device', 'dev', 'nic', 'adapter', 'link']);
const nameIntroducers = new Set(['user', 'users', 'from', 'by', 'host', 'hostname', 'named', 'name', 'account', 'login', 'client', 'server', 'node']);

export class TemplateMiner {
  private readonly prefixTokens: number;
  private readonly similarity: number;
  private readonly maxChildren: number;
  private readonly maxTemplates: number;
  private readonly roots = new Map<number, TreeNode>();
  private readonly byId = new Map<string, Cluster>();
  private readonly clusters: Cluster[] = [];
  private liveCount = 0;
  /**
   * Lines that differ only in digit values (same length, digits at the same positions) mask to the same tokens and
   * land in the same template: most lines of a log. Keyed by a hash of the line with every digit read as `0`, checked
   * against the stored sample's shape, so a collision costs a miss, never a wrong template (lineShapeCache.ts).
   */
  private readonly shapeCache = new LineShapeCache<CachedShape>(shapeCacheSize);

  constructor(options: TemplateMinerOptions = {}) {
    this.prefixTokens = options.prefixTokens ?? 2;
    this.similarity = options.similarity ?? 0.5;
    this.maxChildren = options.maxChildren ?? 100;
    this.maxTemplates = options.maxTemplates ?? 50_000;
  }

  /** Mines one message body (only its first line: stack-trace continuations do not shape the template). */
  add(message: string, meta: TemplateMeta = { line: 0 }): TemplateMatch {
    const newline = message.indexOf('\n');
    const body = newline >= 0 ? message.slice(0, newline) : message;
    // Longer lines are not cached: looking them up costs more than it saves.
    const cacheable = body.length <= maxShapeLength;
    const seen = cacheable ? this.shapeCache.find(body)?.value : undefined;
    if (seen !== undefined && seen.cluster.mergedInto === undefined && (seen.keptDigits === undefined || sameDigits(body, seen.keptDigits))) {
      // Masking looks at digits' positions, never their values, so this line masks to the tokens the cached one did
      // and the template that took them covers it: only counts and times change.
      const cluster = seen.cluster;
      this.absorbCovered(cluster, meta);
      return new MinedMatch(cluster, body, seen.spans, false);
    }
    const { tokens, spans } = maskTokenSpans(body);
    const leaf = this.leafFor(tokens);
    let cluster = this.bestMatch(leaf, tokens);
    let isNew = false;
    if (cluster === undefined) {
      cluster = this.create(leaf, tokens, meta);
      isNew = true;
    } else {
      this.absorb(cluster, tokens, meta);
    }
    if (cacheable) this.shapeCache.set(body, { spans, cluster, keptDigits: keptDigitsOf(body, cluster.tokens, spans) });
    return new MinedMatch(cluster, body, spans, isNew);
  }

  /**
   * Takes a template mined elsewhere from another part of the same file (parallelMine.ts) as if its lines had been met
   * here: it joins the template it matches, generalising it, or becomes a new one keeping its id when that is free.
   * Its counts, lines and times add to the template it joins. Returns the id it landed on.
   */
  addMined(tokens: string[], mined: { id: string; count: number; firstLine: number; lastLine: number; firstSeen?: number; lastSeen?: number }): string {
    const leaf = this.leafFor(tokens);
    let cluster = this.bestMatch(leaf, tokens);
    if (cluster === undefined) {
      cluster = this.create(leaf, tokens, { line: mined.firstLine, timestamp: mined.firstSeen }, mined.id);
      cluster.count = 0;
    } else {
      generaliseTo(cluster, tokens);
    }
    this.pendingFork = undefined;
    cluster.count += mined.count;
    cluster.firstLine = Math.min(cluster.firstLine, mined.firstLine);
    cluster.lastLine = Math.max(cluster.lastLine, mined.lastLine);
    if (mined.firstSeen !== undefined && (cluster.firstSeen === undefined || mined.firstSeen < cluster.firstSeen)) cluster.firstSeen = mined.firstSeen;
    if (mined.lastSeen !== undefined && (cluster.lastSeen === undefined || mined.lastSeen > cluster.lastSeen)) cluster.lastSeen = mined.lastSeen;
    return cluster.id;
  }

  /** Live templates (merged ones folded into their survivor), most frequent first. */
  templates(): LogTemplate[] {
    this.foldIdenticalTemplates();
    const out: LogTemplate[] = [];
    for (const c of this.clusters) if (c.mergedInto === undefined) out.push(toTemplate(c));
    out.sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
    return out;
  }

  /** The template an id stands for now (following merges). */
  get(id: string): LogTemplate | undefined {
    const cluster = this.byId.get(id);
    return cluster === undefined ? undefined : toTemplate(this.survivor(cluster));
  }

  /** The id a (possibly merged) template id resolves to now. */
  resolveId(id: string): string {
    const cluster = this.byId.get(id);
    return cluster === undefined ? id : this.survivor(cluster).id;
  }

  /** The current text of the template an id stands for, or '' when unknown. */
  templateOf(id: string): string {
    const cluster = this.byId.get(id);
    return cluster === undefined ? '' : textOf(this.survivor(cluster));
  }

  get size(): number {
    return this.liveCount;
  }

  private survivor(cluster: Cluster): Cluster {
    let c = cluster;
    while (c.mergedInto !== undefined) c = c.mergedInto;
    return c;
  }

  private leafFor(tokens: string[]): Leaf {
    const length = tokens.length;
    let root = this.roots.get(length);
    if (root === undefined) {
      root = { children: new Map() };
      this.roots.set(length, root);
    }
    let node: TreeNode = root;
    // The last token is never a key: a two-token line (`removing chargen`) is compared with its kind in the leaf.
    const depth = Math.min(this.prefixTokens, length > 1 ? length - 1 : length);
    for (let i = 0; i < depth; i++) {
      const token = tokens[i];
      let key = isTreeKey(token) ? token : wildcard;
      let child: TreeNode | undefined = node.children.get(key);
      if (child === undefined) {
        // Past the template bound, unseen words share the `<*>` branch so a flood of unique lines cannot grow the tree.
        if (node.children.size >= this.maxChildren || this.liveCount >= this.maxTemplates) {
          key = wildcard;
          child = node.children.get(key);
        }
        if (child === undefined) {
          child = { children: new Map() };
          node.children.set(key, child);
        }
      }
      node = child;
    }
    if (node.leaf === undefined) node.leaf = { clusters: [] };
    return node.leaf;
  }

  private bestMatch(leaf: Leaf, tokens: string[]): Cluster | undefined {
    const n = tokens.length;
    let best: Cluster | undefined;
    let bestSim = -1;
    let bestWild = -1;
    let fork: Cluster | undefined;
    let forkPosition = -1;
    let forkSim = -1;
    let closest: Cluster | undefined;
    let closestSim = -1;
    const clusters = leaf.clusters;
    // A template of wildcards only (`<*>`, `<*> <*>`) takes any line of its length: it may keep lines that are all
    // variables, never a line with a constant word, which would vanish into it ("<*>" swallowing "Reconnecting").
    let constant = -1;
    for (let k = 0; k < clusters.length; k++) {
      const c = clusters[k];
      const t = c.tokens;
      if (c.wildcardsOnly) {
        if (constant < 0) constant = hasConstantToken(tokens) ? 1 : 0;
        if (constant === 1) continue;
      }
      let equal = 0;
      let equalWild = 0;
      let compared = n;
      let wild = 0;
      let wordDiffs = 0;
      let wordPosition = -1;
      for (let i = 0; i < n; i++) {
        const a = t[i];
        const b = tokens[i];
        if (a === b) {
          equal++;
          if (a === wildcard) {
            wild++;
            equalWild++;
          }
        } else if (a === wildcard || isKeyWildcardMatch(a, b)) {
          compared--;
          wild++;
        } else if (isWordDifference(a, b)) {
          wordDiffs++;
          wordPosition = i;
        }
      }
      const sim = compared === 0 ? 1 : equal / compared;
      if (sim > closestSim) {
        closestSim = sim;
        closest = c;
      }
      if (sim < this.similarity) continue;
      // Sharing only wildcards is sharing nothing: `onExtend:<*> <*>` and `getStepCounterStatus= <*>` are two events.
      if (equal === equalWild) {
        if (constant < 0) constant = hasConstantToken(tokens) ? 1 : 0;
        if (constant === 1) continue;
      }
      if (wordDiffs === 0) {
        if (sim > bestSim || (sim === bestSim && wild > bestWild)) {
          best = c;
          bestSim = sim;
          bestWild = wild;
        }
      } else if (wordDiffs === 1 && sim > forkSim) {
        fork = c;
        forkPosition = wordPosition;
        forkSim = sim;
      }
    }
    if (best !== undefined) return best;
    if (this.liveCount >= this.maxTemplates && closest !== undefined) return closest;
    if (fork !== undefined) this.pendingFork = { anchor: fork, position: forkPosition };
    return undefined;
  }

  /** Set by bestMatch when the line differs from a template in exactly one word; consumed by create. */
  private pendingFork: { anchor: Cluster; position: number } | undefined;

  private create(leaf: Leaf, tokens: string[], meta: TemplateMeta, preferredId?: string): Cluster {
    const firstForm = tokens.join(' ');
    let id = preferredId !== undefined && !this.byId.has(preferredId) ? preferredId : hashId(firstForm);
    for (let k = 2; this.byId.has(id); k++) id = `${hashId(firstForm)}-${k}`;
    const cluster: Cluster = {
      id,
      tokens: tokens.slice(),
      text: firstForm,
      count: 1,
      firstLine: meta.line,
      lastLine: meta.line,
      firstSeen: meta.timestamp,
      lastSeen: meta.timestamp,
      leaf,
      wildcardsOnly: tokens.every(isWildcard),
    };
    leaf.clusters.push(cluster);
    this.byId.set(id, cluster);
    this.clusters.push(cluster);
    this.liveCount++;
    const fork = this.pendingFork;
    this.pendingFork = undefined;
    if (fork !== undefined) this.recordFork(fork.anchor, fork.position, cluster);
    return cluster;
  }

  /** Counts a line whose tokens the template covers (absorb() generalises it first). */
  private absorbCovered(cluster: Cluster, meta: TemplateMeta): void {
    this.pendingFork = undefined;
    cluster.count++;
    cluster.lastLine = meta.line;
    if (meta.timestamp !== undefined) {
      if (cluster.firstSeen === undefined) cluster.firstSeen = meta.timestamp;
      cluster.lastSeen = meta.timestamp;
    }
  }

  private absorb(cluster: Cluster, tokens: string[], meta: TemplateMeta): void {
    generaliseTo(cluster, tokens);
    this.absorbCovered(cluster, meta);
  }

  private recordFork(anchor: Cluster, position: number, sibling: Cluster): void {
    let group = anchor.forkGroup;
    if (group === undefined || group.position !== position) {
      group = { position, members: [anchor] };
      anchor.forkGroup = group;
    }
    group.members.push(sibling);
    sibling.forkGroup = group;
    const live = group.members.filter((m) => m.mergedInto === undefined);
    group.members = live;
    // The label of a dot-leader reading (`illegal instruction......<*>`) names what is read: a kind, never a value.
    if (isLeaderLabelPosition(anchor.tokens, position)) return;
    // A function of the code that logs (`AppleActuatorDevice::start`, `CCLogTap::profileRemoved,`) is the event's own.
    if (live.every((m) => isScopedName(m.tokens[position]))) return;
    const values = new Set(live.map((m) => m.tokens[position]));
    // The word that introduces the value: the token's own key (`user=`), else the token before it (`user root`).
    const own = keyLength(anchor.tokens[position]);
    const previous = own > 0 ? anchor.tokens[position].slice(0, own - 1).toLowerCase() : position > 0 ? anchor.tokens[position - 1].toLowerCase() : '';
    // Devices (interface ee0, alt0, scip0) are as few and as telling as states.
    // A name is one word: `by root`, not `by LOGIN(uid=<*>)` vs `by (uid=<*>)`.
    const needed = [...values].every(isStateWord) || (deviceIntroducers.has(previous) && [...values].every(isNumberedName))
      ? minDistinctStateWords
      : nameIntroducers.has(previous) && [...values].every((v) => isNameLike(v.slice(own)))
        ? minDistinctNamedWords
        : minDistinctPlainWords;
    if (values.size >= needed) this.mergeGroup(live, position);
  }

  private mergeGroup(members: Cluster[], position: number): void {
    const survivor = members.reduce((a, b) => (a.firstLine <= b.firstLine ? a : b));
    // `key=a`, `key=b`, `key=c` merge to `key=<*>`; anything else to `<*>`.
    let merged = survivor.tokens[position];
    for (const member of members) if (member.tokens[position] !== merged) merged = generalise(merged, member.tokens[position]);
    survivor.tokens[position] = merged === survivor.tokens[position] ? wildcard : merged;
    survivor.text = undefined;
    survivor.wildcardsOnly = survivor.tokens.every(isWildcard);
    survivor.forkGroup = undefined;
    for (const member of members) {
      if (member === survivor) continue;
      this.foldInto(member, survivor);
    }
  }

  private foldInto(member: Cluster, survivor: Cluster): void {
    generaliseTo(survivor, member.tokens);
    survivor.count += member.count;
    survivor.firstLine = Math.min(survivor.firstLine, member.firstLine);
    survivor.lastLine = Math.max(survivor.lastLine, member.lastLine);
    if (member.firstSeen !== undefined && (survivor.firstSeen === undefined || member.firstSeen < survivor.firstSeen)) survivor.firstSeen = member.firstSeen;
    if (member.lastSeen !== undefined && (survivor.lastSeen === undefined || member.lastSeen > survivor.lastSeen)) survivor.lastSeen = member.lastSeen;
    member.mergedInto = survivor;
    member.forkGroup = undefined;
    const clusters = member.leaf.clusters;
    const index = clusters.indexOf(member);
    if (index >= 0) clusters.splice(index, 1);
    this.liveCount--;
  }

  /**
   * A template that another of its leaf now covers joins it: it was made when that one was still too specific (`tag="AudioMix",
   * name=audioserver, ws=null` differed from its first line in three words), and later lines of its form already go to the
   * general one (bestMatch prefers more wildcards at equal similarity). Both must share a constant word.
   */
  private foldCoveredTemplates(): void {
    const leaves = new Set<Leaf>();
    for (const c of this.clusters) if (c.mergedInto === undefined && c.leaf.clusters.length > 1) leaves.add(c.leaf);
    for (const leaf of leaves) {
      const live = leaf.clusters.slice();
      for (const small of live) {
        if (small.mergedInto !== undefined) continue;
        for (const big of live) {
          if (big !== small && big.mergedInto === undefined && !big.wildcardsOnly && covers(big.tokens, small.tokens)) {
            this.foldInto(small, big);
            break;
          }
        }
      }
    }
  }

  /**
   * Two templates that read the same once variables are normalised are one template: same text after generalising,
   * or the same but for a unit after a variable (`lifetime <*> sec` vs `lifetime <*>`) — a value of variable length.
   */
  private foldIdenticalTemplates(): void {
    this.foldCoveredTemplates();
    const seen = new Map<string, Cluster>();
    for (const c of this.clusters) {
      if (c.mergedInto !== undefined) continue;
      const key = skeletonOf(c.tokens);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, c);
      else if (first.tokens.length === c.tokens.length) this.foldInto(c, first);
      else {
        const [small, big] = first.count >= c.count ? [c, first] : [first, c];
        this.foldUnequal(small, big);
        seen.set(key, big);
      }
    }
  }

  /** Folds a template of another length: counts and lines only (positions do not align). */
  private foldUnequal(member: Cluster, survivor: Cluster): void {
    const saved = member.tokens;
    member.tokens = survivor.tokens;
    this.foldInto(member, survivor);
    member.tokens = saved;
  }
}

const unitWords = new Set([
  'ms', 'msec', 'msecs', 's', 'sec', 'secs', 'second', 'seconds', 'min', 'mins', 'minute', 'minutes', 'h', 'hour', 'hours',
  'us', 'ns', 'day', 'days', 'b', 'kb', 'mb', 'gb', 'tb', 'kib', 'mib', 'gib', 'tib', 'byte', 'bytes', '%',
]);

/** The template with `<*> unit` and adjacent `<*>` runs collapsed: the key of templates that are the same event. */
function skeletonOf(tokens: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const last = out.length - 1;
    if (last >= 0 && out[last] === wildcard) {
      if (t === wildcard) continue;
      // `<*> bytes (<*> KB)`: a value given again in another unit is the same value.
      if (t === '(' + wildcard && i + 1 < tokens.length && isUnitInParentheses(tokens[i + 1])) {
        out[last] = wildcard + tokens[i + 1].slice(tokens[i + 1].indexOf(')') + 1);
        i++;
        continue;
      }
      const word = t.replace(/[.,;:)\]]+$/, '');
      if (unitWords.has(word.toLowerCase())) {
        out[last] = wildcard + t.slice(word.length);
        continue;
      }
    }
    out.push(t);
  }
  return out.join(' ');
}

/** `KB)`, `MB),`: a unit closing a parenthesised value. */
function isUnitInParentheses(token: string): boolean {
  const close = token.indexOf(')');
  return close > 0 && unitWords.has(token.slice(0, close).toLowerCase());
}

/** A match whose params (rarely read) are sliced from the line on first access, against the template of that moment. */
class MinedMatch implements TemplateMatch {
  readonly templateId: string;
  readonly template: string;
  private values: string[] | undefined;

  constructor(
    cluster: Cluster,
    private readonly body: string,
    private readonly spans: number[],
    readonly isNew: boolean,
  ) {
    this.templateId = cluster.id;
    this.template = textOf(cluster);
  }

  get params(): string[] {
    if (this.values === undefined) {
      // The template may generalise later: params follow its text when it took this line (tokens hold no spaces).
      const values: string[] = [];
      const t = this.template.split(' ');
      for (let i = 0; i < t.length; i++) if (t[i].includes(wildcard)) values.push(this.body.slice(this.spans[2 * i], this.spans[2 * i + 1]));
      this.values = values;
    }
    return this.values;
  }
}

function textOf(cluster: Cluster): string {
  if (cluster.text === undefined) cluster.text = cluster.tokens.join(' ');
  return cluster.text;
}

function toTemplate(c: Cluster): LogTemplate {
  return { id: c.id, text: textOf(c), count: c.count, firstLine: c.firstLine, lastLine: c.lastLine, firstSeen: c.firstSeen, lastSeen: c.lastSeen };
}

/**
 * Only word-like tokens branch the tree (letters, `_`, `-`, a trailing `:`). Drain branches on any digit-free token,
 * so a variable in the first positions (`com.android.keychain`, `host.example.org`) splits one event into many.
 */
function isTreeKey(token: string): boolean {
  const n = token.length;
  for (let i = 0; i < n; i++) {
    const c = token.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45) continue;
    if (c === 58 && i === n - 1) continue;
    return false;
  }
  return n > 0;
}

/** A word made of letters only, ignoring trailing punctuation ("Started", "root,"): the words the guard protects. */
function isPlainWord(token: string): boolean {
  const start = wordStart(token);
  let end = token.length;
  while (end > 0) {
    const c = token.charCodeAt(end - 1);
    if (c === 44 || c === 46 || c === 58 || c === 59 || c === 33 || c === 63 || c === 41 || c === 93) end--;
    else break;
  }
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = token.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

function isStateWord(token: string): boolean {
  if (constantNameStart(token) > 0) return true;
  const first = token.charCodeAt(wordStart(token));
  if (first >= 65 && first <= 90) return true;
  const word = token.replace(/[^A-Za-z]+$/, '');
  return word.endsWith('ed') || word.endsWith('ing');
}

/**
 * A template token with one wildcard in a frame already stands for a token in that frame: `user=<*>` for `user=bob`,
 * `(<*>)` for `(host-a)` and for `()`, `<*>,` for `root,`.
 */
function isKeyWildcardMatch(template: string, token: string): boolean {
  const n = template.length;
  if (n < 4) return false;
  const at = template.indexOf(wildcard);
  if (at < 0 || template.indexOf(wildcard, at + 3) >= 0) return false;
  const suffix = n - at - 3;
  if (token.length < at + suffix || token.includes(wildcard)) return false;
  // A key with no value is not one of its values: `rhost=` (a local login) vs `rhost=<*>`.
  if (suffix === 0 && token.length === at && template.charCodeAt(at - 1) === 61) return false;
  return token.startsWith(at === 0 ? '' : template.slice(0, at)) && (suffix === 0 || token.endsWith(template.slice(at + 3)));
}

/** Every token of `small` is `big`'s or one of its wildcards' values, and at least one shared token has a letter. */
function covers(big: string[], small: string[]): boolean {
  if (big.length !== small.length) return false;
  let shared = false;
  let wider = false;
  for (let i = 0; i < big.length; i++) {
    const b = big[i];
    const s = small[i];
    if (b === s) {
      if (!shared && b !== wildcard && hasLetterOutsideWildcards(b)) shared = true;
    } else if (b === wildcard || isKeyWildcardMatch(b, s)) wider = true;
    else return false;
  }
  return shared && wider;
}

/** Characters that frame a value: brackets, quotes and trailing punctuation (never `<`, `*`, `>` of a wildcard). */
function isFrameCode(c: number): boolean {
  return c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125 || c === 34 || c === 39 || c === 44 || c === 59 || c === 46 || c === 58 || c === 61;
}

/** Generalises a template's tokens to cover another token list of the same length. */
function generaliseTo(cluster: Cluster, tokens: string[]): void {
  const t = cluster.tokens;
  let changed = false;
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== tokens[i] && t[i] !== wildcard) {
      t[i] = generalise(t[i], tokens[i]);
      changed = true;
    }
  }
  if (changed) {
    cluster.text = undefined;
    cluster.wildcardsOnly = t.every(isWildcard);
  }
}

/** A token that can be a name: no key=value and no wildcard inside (`root`, `alice@example`, `web-1`). */
function isNameLike(token: string): boolean {
  return token.indexOf('=') < 0 && token.indexOf(wildcard) < 0;
}

function isWildcard(token: string): boolean {
  return token === wildcard;
}

/** A token with a letter outside its wildcards: `Reconnecting`, `removeNotification:<*>|<*>` (not `<*>`, `(<*>),`). */
function hasConstantToken(tokens: string[]): boolean {
  for (let i = 0; i < tokens.length; i++) if (hasLetterOutsideWildcards(tokens[i])) return true;
  return false;
}

/**
 * Two tokens that differ the way two constant words do, so the guard forks a sibling template instead of merging:
 * plain words (`Started`/`Paused`); values of the same key that are words (`state=open`/`state=closed`,
 * `mode:fast`/`mode:safe`); or two different keys (`user=<*>`/`rhost=<*>`). Tokens that differ only in digits, carry
 * a wildcard or look like identifiers (dotted names, paths, user@host) are values, which Drain merges at once.
 */
function isWordDifference(a: string, b: string): boolean {
  if (isPlainWord(a) && isPlainWord(b)) return true;
  if (isScopedName(a) && isScopedName(b)) return !sameButDigits(a, b);
  // Enum constants in capitals: `FAIL_CONTAINER_CLEANUP` vs `SUCCESS_CONTAINER_CLEANUP` are states, not names joined by `_`.
  if (isCapitalsConstant(a) && isCapitalsConstant(b)) return true;
  // Two constants of one namespace: `android.intent.action.SCREEN_ON` vs `…TIME_TICK`, `State.RUNNING` vs `State.STOPPED`.
  const ca = constantNameStart(a);
  if (ca > 0 && ca === constantNameStart(b) && a.startsWith(b.slice(0, ca))) return true;
  const la = leaderStart(a);
  if (la > 0) {
    const lb = leaderStart(b);
    if (lb > 0) return a.slice(0, la) !== b.slice(0, lb);
  }
  const ka = keyLength(a);
  const kb = keyLength(b);
  // A key with no value and the same key with one: `rhost=` (a local login) vs `rhost=<*>`.
  if (isEmptyKey(a) ? kb === a.length && b.startsWith(a) : isEmptyKey(b) && ka === b.length && a.startsWith(b)) return true;
  if (ka > 0 && kb > 0 && (ka !== kb || a.slice(0, ka) !== b.slice(0, kb))) {
    if (a.charCodeAt(ka - 1) === 61) return b.charCodeAt(kb - 1) === 61;
    // `AuthFail:sts:<*>` vs `RoamFail:sts:<*>`: words before a colon; `host-a:8080` vs `host-b:8080` are values.
    return b.charCodeAt(kb - 1) === 58 && isLetters(a, 0, ka - 1) && isLetters(b, 0, kb - 1);
  }
  if (ka > 0 && ka === kb && isWordValue(a, ka) && isWordValue(b, kb)) return true;
  if (isVersionedWordDifference(a, b)) return true;
  return isEmbeddedWordDifference(a, b);
}

/**
 * Where the dots of a dot-leader token begin (`instruction......<*>`, `i-fetch......<*>`: a label of letters, digits, `_`
 * or `-` starting with a letter, then two dots or more and a value), or -1.
 */
function leaderStart(token: string): number {
  const dots = token.indexOf('..');
  if (dots < 1 || !isLetterCode(token.charCodeAt(0))) return -1;
  for (let i = 1; i < dots; i++) {
    const c = token.charCodeAt(i);
    if (!isLetterCode(c) && !(c >= 48 && c <= 57) && c !== 95 && c !== 45) return -1;
  }
  let end = dots;
  while (token.charCodeAt(end) === 46) end++;
  return end < token.length ? dots : -1;
}

/**
 * True when the token at `position` is part of a dot-leader label: the leader token itself, or a plain word of the run
 * of words right before it (`program interrupt: illegal instruction......<*>`: `illegal`, not `interrupt:`).
 */
function isLeaderLabelPosition(tokens: readonly string[], position: number): boolean {
  for (let j = position; j < tokens.length; j++) {
    const token = tokens[j];
    if (leaderStart(token) > 0) return true;
    if (!isPlainWord(token) || token.endsWith(':')) return false;
  }
  return false;
}

/**
 * Words that end in a version or unit number, which masking keeps (`SOCKS5`, `ssh2`, `en0`): `HTTPS` vs `SOCKS5` or
 * `en0` vs `awdl0` differ as words do; `eth0` vs `eth1` differ only in the number and merge as values.
 */
function isVersionedWordDifference(a: string, b: string): boolean {
  const wa = versionedWordEnd(a);
  const wb = versionedWordEnd(b);
  if (wa < 0 || wb < 0) return false;
  const ea = wordStart(a);
  const eb = wordStart(b);
  if (a.slice(ea, wa) !== b.slice(eb, wb) || a.slice(0, ea) !== b.slice(0, eb)) return true;
  // The version of a protocol names another protocol (IPv4 vs IPv6), where an interface's number names another instance.
  return protocolFamilies.has(a.slice(ea, wa).toLowerCase()) && a !== b;
}

/** Protocols whose versions are different protocols: `IPv4`/`IPv6`, `SOCKS4`/`SOCKS5`, `HTTP1`/`HTTP2`, `SNMPv2`/`SNMPv3`. */
const protocolFamilies = new Set(['ipv', 'ip', 'socks', 'http', 'sslv', 'tlsv', 'snmpv', 'smbv', 'nfsv', 'icmpv']);

/** Where the letters of `(SOCKS5),` end, when the token is wrapped letters then digits; -1 otherwise. */
function versionedWordEnd(token: string): number {
  let i = wordStart(token);
  const start = i;
  while (i < token.length && isLetterCode(token.charCodeAt(i))) i++;
  if (i === start) return -1;
  const letters = i;
  while (i < token.length && token.charCodeAt(i) >= 48 && token.charCodeAt(i) <= 57) i++;
  for (let j = i; j < token.length; j++) if (!isClosingPunctuation(token.charCodeAt(j))) return -1;
  return letters;
}

/** Letters then a number: `ee0`, `scip0`, `SOCKS5` (not a plain word, not `<*>`). */
function isNumberedName(token: string): boolean {
  const end = versionedWordEnd(token);
  if (end < 0) return false;
  const c = token.charCodeAt(end);
  return c >= 48 && c <= 57;
}

function wordStart(token: string): number {
  let i = 0;
  while (i < token.length && (token.charCodeAt(i) === 40 || token.charCodeAt(i) === 91 || token.charCodeAt(i) === 34 || token.charCodeAt(i) === 39)) i++;
  return i;
}

function isClosingPunctuation(c: number): boolean {
  return c === 44 || c === 46 || c === 58 || c === 59 || c === 33 || c === 63 || c === 41 || c === 93 || c === 34 || c === 39;
}

/**
 * The tokens differ in one word set in the same punctuation: `WWEN[enable]`/`WWEN[disable]`,
 * `Brcm43xx::syncPowerState:`/`Brcm43xx::platformWoWEnable:` (method names, flags in brackets). Not for tokens that
 * read as names or locations (dots, slashes, `@` between word characters; a word joined by `-`/`_`: `web-a`). The
 * shared part may hold a wildcard (`instruction......<*>`/`exception......<*>`), the differing words may not.
 */
function isEmbeddedWordDifference(a: string, b: string): boolean {
  if (isIdentifierLike(a) || isIdentifierLike(b)) return false;
  const na = a.length;
  const nb = b.length;
  let p = 0;
  while (p < na && p < nb && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let q = 0;
  while (q < na - p && q < nb - p && a.charCodeAt(na - 1 - q) === b.charCodeAt(nb - 1 - q)) q++;
  // Widen the differing parts to whole words.
  while (p > 0 && isLetterCode(a.charCodeAt(p - 1))) p--;
  while (q > 0 && isLetterCode(a.charCodeAt(na - q))) q--;
  // A word joined by `-` or `_` is part of a name (`web-a`, `pool_main`), not a word of its own.
  if (p > 0 && isJoiner(a.charCodeAt(p - 1))) return false;
  if (q > 0 && isJoiner(a.charCodeAt(na - q))) return false;
  const ea = na - q;
  const eb = nb - q;
  // A word before or after the same framed text: `(uid=<*>)` vs `LOGIN(uid=<*>)`.
  if (ea === p) return eb - p >= 2 && isLetters(b, p, eb) && hasLetterOutsideWildcards(a);
  if (eb === p) return ea - p >= 2 && isLetters(a, p, ea) && hasLetterOutsideWildcards(b);
  return p + q > 0 && isLetters(a, p, ea) && isLetters(b, p, eb);
}

/** `rhost=`: a key (letters, digits, `_`, `-`, `.`) and `=` with no value. */
function isEmptyKey(token: string): boolean {
  const n = token.length;
  if (n < 2 || n > 41 || token.charCodeAt(n - 1) !== 61) return false;
  return keyLength(token + 'x') === n;
}

function hasLetterOutsideWildcards(token: string): boolean {
  for (let j = 0; j < token.length; j++) {
    const c = token.charCodeAt(j);
    if (c === 60 && token.startsWith(wildcard, j)) j += 2;
    else if (isLetterCode(c)) return true;
  }
  return false;
}

function isJoiner(c: number): boolean {
  return c === 45 || c === 95;
}

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isLetters(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) if (!isLetterCode(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Where the constant of a dotted name begins, when its last part is one in capitals (`android.intent.action.SCREEN_ON`,
 * `State.RUNNING,`): an enum value or a named constant, which programs log as words. -1 otherwise.
 */
function constantNameStart(token: string): number {
  let end = token.length;
  while (end > 0 && isTrailingPunctuation(token.charCodeAt(end - 1))) end--;
  let i = end;
  while (i > 0) {
    const c = token.charCodeAt(i - 1);
    if ((c >= 65 && c <= 90) || c === 95) i--;
    else break;
  }
  if (end - i < 2 || i < 2 || token.charCodeAt(i - 1) !== 46 || !isLetterCode(token.charCodeAt(i - 2))) return -1;
  if (token.charCodeAt(i) === 95 || token.charCodeAt(end - 1) === 95) return -1;
  return i;
}

function isTrailingPunctuation(c: number): boolean {
  return c === 44 || c === 59 || c === 41 || c === 93 || c === 125 || c === 34 || c === 39;
}

/** The same characters but for the digits (`AirPort_Brcm43xx::powerChange` vs `AirPort_Brcm4360::powerChange`). */
function sameButDigits(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    if (a.charCodeAt(i++) !== b.charCodeAt(j++)) return false;
  }
}


/** `RUNNING`, `FAIL_CONTAINER_CLEANUP,`: capitals and inner `_`, at least two letters, trailing punctuation allowed. */
function isCapitalsConstant(token: string): boolean {
  let end = token.length;
  while (end > 0 && isTrailingPunctuation(token.charCodeAt(end - 1))) end--;
  if (end < 2) return false;
  for (let i = 0; i < end; i++) {
    const c = token.charCodeAt(i);
    if (c >= 65 && c <= 90) continue;
    if (c !== 95 || i === 0 || i === end - 1) return false;
  }
  return true;
}

/** A name scoped with `::` between letters, as C++, Perl or Ruby print a function or class: `AppleActuatorDevice::start`. */
function isScopedName(token: string): boolean {
  const at = token.indexOf('::');
  return at > 0 && isLetterCode(token.charCodeAt(at - 1)) && isLetterCode(token.charCodeAt(at + 2)) && token.indexOf(wildcard) < 0;
}

/** A dotted name, a path or an address: `com.example.Foo`, `a/b`, `C:\x`, `user@host`. */
function isIdentifierLike(token: string): boolean {
  for (let i = 1; i < token.length - 1; i++) {
    const c = token.charCodeAt(i);
    if ((c === 46 || c === 47 || c === 92 || c === 64) && isWordCode(token.charCodeAt(i - 1)) && isWordCode(token.charCodeAt(i + 1))) return true;
  }
  return false;
}

function isWordCode(c: number): boolean {
  return isLetterCode(c) || (c >= 48 && c <= 57) || c === 95;
}

/** Length of a leading `key=` or `key:` (key of letters, digits, `_`, `-`, `.`), or 0. */
function keyLength(token: string): number {
  const n = Math.min(token.length - 1, 40);
  for (let i = 0; i < n; i++) {
    const c = token.charCodeAt(i);
    if ((c === 61 || c === 58) && i > 0) return i + 1;
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46)) return 0;
  }
  return 0;
}

/** The value after a key is a word: letters with inner `-`/`_`, surrounding brackets or punctuation allowed. */
function isWordValue(token: string, from: number): boolean {
  const value = token.slice(from);
  if (value.includes(wildcard)) return false;
  return isPlainWord(value.replace(/(?<=[A-Za-z])[-_](?=[A-Za-z])/g, ''));
}

/** The wildcard two differing tokens share: `user=root` + `user=bob` → `user=<*>`, else `<*>`. */
function generalise(a: string, b: string): string {
  if (isKeyWildcardMatch(a, b)) return a;
  // The key both share stays (`user=<*>`), and the frame both share: `(<*>)` + `()` → `(<*>)`, `'a',` → `'<*>',`.
  const limit = Math.min(a.length, b.length);
  let p = 0;
  const eq = a.indexOf('=');
  if (eq > 0 && b.length > eq && b.charCodeAt(eq) === 61 && a.slice(0, eq) === b.slice(0, eq)) p = eq + 1;
  // A variable both already hold inside the shared frame stays: `QQ(<*>)` + `com.apple.Addres(<*>)` → `<*>(<*>)`.
  for (;;) {
    if (p < limit && a.charCodeAt(p) === b.charCodeAt(p) && isFrameCode(a.charCodeAt(p))) p++;
    else if (p + 3 <= limit && a.startsWith(wildcard, p) && b.startsWith(wildcard, p) && p > 0 && isFrameCode(a.charCodeAt(p - 1))) p += 3;
    else break;
  }
  let q = 0;
  for (;;) {
    if (p + q < limit && a.charCodeAt(a.length - 1 - q) === b.charCodeAt(b.length - 1 - q) && isFrameCode(a.charCodeAt(a.length - 1 - q))) q++;
    else if (q > 0 && p + q + 4 <= limit && a.endsWith(wildcard, a.length - q) && b.endsWith(wildcard, b.length - q) && sharedFrameAt(a, b, q + 4)) q += 3;
    else break;
  }
  if (p + q === 0) return wildcard;
  return a.slice(0, p) + wildcard + a.slice(a.length - q);
}

/** The same frame character `back` characters from the end of both tokens. */
function sharedFrameAt(a: string, b: string, back: number): boolean {
  const c = a.charCodeAt(a.length - back);
  return c === b.charCodeAt(b.length - back) && isFrameCode(c);
}

/** 48-bit FNV-1a (two 32-bit lanes) as 12 hex chars: short, stable, collisions handled by the caller. */
export function hashId(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return ((h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0')).slice(0, 12);
}
