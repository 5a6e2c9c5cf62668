/**
 * Drain (He, Zhu, Zheng and Lyu, "Drain: An Online Log Parsing Approach with Fixed Depth Tree", ICWS 2017) as the
 * LogPAI benchmark runs it: tuned per system with a header format, preprocessing regexes, a similarity threshold and a
 * tree depth. It is the bar our miner is measured against (`ops-copilot eval templates --baseline drain`), never used
 * to mine: it needs per-system configuration, which the product must do without.
 *
 * Written from the paper's description and the benchmark's published settings (logpai/logparser,
 * benchmark/Drain_benchmark.py, MIT): the settings table below is that file's, the code is ours.
 */

export interface DrainSettings {
  /** Header format, `<Date> <Time> <Level> <Component>: <Content>`: fields in angle brackets, runs of spaces match any. */
  logFormat: string;
  /** Preprocessing: every match becomes `<*>` before tokenising. */
  regex: string[];
  /** Similarity threshold. */
  st: number;
  /** Tree depth (root and length layers included). */
  depth: number;
  /** Children per internal node. */
  maxChild?: number;
}

/** The LogPAI benchmark's per-system settings for Drain (its 'Andriod' spelt as the system is). */
export const drainBenchmarkSettings: Readonly<Record<string, DrainSettings>> = {
  HDFS: { logFormat: '<Date> <Time> <Pid> <Level> <Component>: <Content>', regex: ['blk_-?\\d+', '(\\d+\\.){3}\\d+(:\\d+)?'], st: 0.5, depth: 4 },
  Hadoop: { logFormat: '<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>', regex: ['(\\d+\\.){3}\\d+'], st: 0.5, depth: 4 },
  Spark: { logFormat: '<Date> <Time> <Level> <Component>: <Content>', regex: ['(\\d+\\.){3}\\d+', '\\b[KGTM]?B\\b', '([\\w-]+\\.){2,}[\\w-]+'], st: 0.5, depth: 4 },
  Zookeeper: { logFormat: '<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>', regex: ['(/|)(\\d+\\.){3}\\d+(:\\d+)?'], st: 0.5, depth: 4 },
  BGL: { logFormat: '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>', regex: ['core\\.\\d+'], st: 0.5, depth: 4 },
  HPC: { logFormat: '<LogId> <Node> <Component> <State> <Time> <Flag> <Content>', regex: ['=\\d+'], st: 0.5, depth: 4 },
  Thunderbird: {
    logFormat: '<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\\[<PID>\\])?: <Content>',
    regex: ['(\\d+\\.){3}\\d+'],
    st: 0.5,
    depth: 4,
  },
  Windows: { logFormat: '<Date> <Time>, <Level>                  <Component>    <Content>', regex: ['0x.*?\\s'], st: 0.7, depth: 5 },
  Linux: { logFormat: '<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>', regex: ['(\\d+\\.){3}\\d+', '\\d{2}:\\d{2}:\\d{2}'], st: 0.39, depth: 6 },
  Android: {
    logFormat: '<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>',
    regex: ['(/[\\w-]+)+', '([\\w-]+\\.){2,}[\\w-]+', '\\b(\\-?\\+?\\d+)\\b|\\b0[Xx][a-fA-F\\d]+\\b|\\b[a-fA-F\\d]{4,}\\b'],
    st: 0.2,
    depth: 6,
  },
  HealthApp: { logFormat: '<Time>\\|<Component>\\|<Pid>\\|<Content>', regex: [], st: 0.2, depth: 4 },
  Apache: { logFormat: '\\[<Time>\\] \\[<Level>\\] <Content>', regex: ['(\\d+\\.){3}\\d+'], st: 0.5, depth: 4 },
  Proxifier: {
    logFormat: '\\[<Time>\\] <Program> - <Content>',
    regex: ['<\\d+\\ssec', '([\\w-]+\\.)+[\\w-]+(:\\d+)?', '\\d{2}:\\d{2}(:\\d{2})*', '[KGTM]B'],
    st: 0.6,
    depth: 3,
  },
  OpenSSH: { logFormat: '<Date> <Day> <Time> <Component> sshd\\[<Pid>\\]: <Content>', regex: ['(\\d+\\.){3}\\d+', '([\\w-]+\\.){2,}[\\w-]+'], st: 0.6, depth: 5 },
  OpenStack: {
    logFormat: '<Logrecord> <Date> <Time> <Pid> <Level> <Component> \\[<ADDR>\\] <Content>',
    regex: ['((\\d+\\.){3}\\d+,?)+', '/.+?\\s', '\\d+'],
    st: 0.5,
    depth: 5,
  },
  Mac: { logFormat: '<Month>  <Date> <Time> <User> <Component>\\[<PID>\\]( \\(<Address>\\))?: <Content>', regex: ['([\\w-]+\\.){2,}[\\w-]+'], st: 0.7, depth: 6 },
};

/** The settings for a system name, matched without regard to case; LogHub's file stem (`Mac_2k`) names its system. */
export function drainSettingsFor(system: string): DrainSettings | undefined {
  const name = system.replace(/_\d+k$/i, '').toLowerCase();
  const key = Object.keys(drainBenchmarkSettings).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : drainBenchmarkSettings[key];
}

const wildcard = '<*>';

interface DrainCluster {
  id: number;
  template: string[];
}

interface DrainNode {
  children: Map<string, DrainNode>;
  clusters: DrainCluster[];
}

/** The Content of a line by the header format; the whole line when it does not match (the benchmark drops such lines). */
export function contentOf(line: string, format: RegExp): string {
  const match = format.exec(line);
  return match?.groups?.Content ?? line;
}

/** `<Date> <Time> <Content>` → `^(?<Date>.*?)\s+(?<Time>.*?)\s+(?<Content>.*?)$`, as the benchmark builds it. */
export function formatRegex(logFormat: string): RegExp {
  const parts = logFormat.split(/(<[^<>]+>)/);
  let source = '';
  for (let k = 0; k < parts.length; k++) {
    if (k % 2 === 0) source += parts[k].replace(/ +/g, '\\s+');
    else source += `(?<${parts[k].slice(1, -1)}>.*?)`;
  }
  return new RegExp(`^${source}$`);
}

function hasDigit(token: string): boolean {
  return /\d/.test(token);
}

/**
 * Parses lines with Drain under the given settings and returns each line's template as it stands after the last line
 * (what the benchmark's structured output holds) and its cluster id.
 */
export function drainParse(lines: readonly string[], settings: DrainSettings): { templates: string[]; clusterIds: number[] } {
  const format = formatRegex(settings.logFormat);
  const regexes = settings.regex.map((r) => new RegExp(r, 'g'));
  const depth = settings.depth - 2;
  const maxChild = settings.maxChild ?? 100;
  const root = new Map<number, DrainNode>();
  const clusters: DrainCluster[] = [];
  const assigned: number[] = [];

  const search = (tokens: string[]): DrainCluster | undefined => {
    const first = root.get(tokens.length);
    if (first === undefined) return undefined;
    let node = first;
    let current = 1;
    for (const token of tokens) {
      if (current >= depth || current > tokens.length) break;
      const next = node.children.get(token) ?? node.children.get(wildcard);
      if (next === undefined) return undefined;
      node = next;
      current++;
    }
    let best: DrainCluster | undefined;
    let bestSim = -1;
    let bestParams = -1;
    for (const cluster of node.clusters) {
      let same = 0;
      let params = 0;
      for (let i = 0; i < tokens.length; i++) {
        if (cluster.template[i] === wildcard) params++;
        else if (cluster.template[i] === tokens[i]) same++;
      }
      const sim = same / tokens.length;
      if (sim > bestSim || (sim === bestSim && params > bestParams)) {
        best = cluster;
        bestSim = sim;
        bestParams = params;
      }
    }
    return bestSim >= settings.st ? best : undefined;
  };

  const insert = (cluster: DrainCluster): void => {
    const tokens = cluster.template;
    let node: DrainNode | undefined = root.get(tokens.length);
    if (node === undefined) {
      node = { children: new Map(), clusters: [] };
      root.set(tokens.length, node);
    }
    let current = 1;
    for (const token of tokens) {
      if (current >= depth || current > tokens.length) break;
      let next: DrainNode | undefined = node.children.get(token);
      if (next === undefined) {
        const wild = node.children.get(wildcard);
        if (!hasDigit(token)) {
          if (wild !== undefined) {
            if (node.children.size < maxChild) next = addChild(node, token);
            else next = wild;
          } else if (node.children.size + 1 < maxChild) next = addChild(node, token);
          else if (node.children.size + 1 === maxChild) next = addChild(node, wildcard);
          else next = wild ?? addChild(node, wildcard);
        } else next = wild ?? addChild(node, wildcard);
      }
      node = next as DrainNode;
      current++;
    }
    node.clusters.push(cluster);
  };

  for (const line of lines) {
    let content = contentOf(line, format);
    for (const regex of regexes) content = content.replace(regex, wildcard);
    const tokens = content.trim().split(/\s+/).filter((t) => t.length > 0);
    const match = search(tokens);
    if (match === undefined) {
      const cluster = { id: clusters.length, template: tokens };
      clusters.push(cluster);
      insert(cluster);
      assigned.push(cluster.id);
    } else {
      for (let i = 0; i < tokens.length; i++) if (match.template[i] !== tokens[i]) match.template[i] = wildcard;
      assigned.push(match.id);
    }
  }
  return { templates: assigned.map((id) => clusters[id].template.join(' ')), clusterIds: assigned };
}

function addChild(node: DrainNode, key: string): DrainNode {
  const child: DrainNode = { children: new Map(), clusters: [] };
  node.children.set(key, child);
  return child;
}
