/** Risk of SQL text (psql -c, mysql -e, heredocs, bare statements): destructive DDL/DML versus read-only queries. */
import type { RiskVerdict } from './riskVerdict';
import { caution, dangerous, mergeVerdicts, safe } from './riskVerdict';

/** Functions that change server state even when called from a SELECT. */
const sideEffectFunctions =
  /\b(pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_drop_replication_slot|pg_promote|pg_switch_wal|pg_rotate_logfile|set_config|lo_unlink|dblink_exec|setval|nextval|pg_advisory_lock)\s*\(/i;

export function assessSql(text: string): RiskVerdict {
  const statements = splitStatements(stripComments(text))
    .map((s) => s.trim())
    .filter(Boolean);
  if (statements.length === 0) return caution('empty or unreadable SQL');
  return mergeVerdicts(statements.map(assessStatement));
}

function assessStatement(statement: string): RiskVerdict {
  // psql meta-commands: \d, \l, \dt+ ... are catalogue reads; \! runs a shell, \copy writes or reads files.
  if (statement.startsWith('\\')) {
    if (/^\\!/.test(statement)) return caution('psql \\! runs a shell command');
    if (/^\\(copy|o|w|i|ir)\b/i.test(statement)) return caution(`psql ${statement.split(/\s/)[0]} reads or writes files`);
    return safe();
  }
  const flat = statement.replace(/\s+/g, ' ');
  const upper = maskLiterals(flat).toUpperCase();
  const keyword = /^\s*(?:WITH\b[\s\S]*?\)\s*)?([A-Z]+)/.exec(upper)?.[1] ?? '';
  const short = flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
  if (/^DROP\b/.test(upper)) return dangerous(`SQL DROP destroys a database object: ${short}`);
  if (/^TRUNCATE\b/.test(upper)) return dangerous(`SQL TRUNCATE deletes every row: ${short}`);
  if (/^ALTER\b.*\bDROP\b/.test(upper)) return dangerous(`SQL ALTER ... DROP removes a column, constraint or partition: ${short}`);
  if (/\bDELETE\s+FROM\b/.test(upper) || keyword === 'DELETE') {
    return /\bWHERE\b/.test(upper) ? caution(`SQL DELETE with a WHERE clause: ${short}`) : dangerous(`SQL DELETE without WHERE deletes every row: ${short}`);
  }
  if (keyword === 'UPDATE' || /\)\s*UPDATE\b/.test(upper)) {
    return /\bWHERE\b/.test(upper) ? caution(`SQL UPDATE with a WHERE clause: ${short}`) : dangerous(`SQL UPDATE without WHERE rewrites every row: ${short}`);
  }
  if (/^(SELECT|SHOW|EXPLAIN|DESCRIBE|DESC|VALUES|TABLE)\b/.test(keyword) || keyword === 'WITH') {
    if (/^EXPLAIN\b.*\bANALY[SZ]E\b/.test(upper) && /\b(INSERT|UPDATE|DELETE)\b/.test(upper)) {
      return caution('EXPLAIN ANALYZE executes the statement');
    }
    if (sideEffectFunctions.test(flat)) return caution(`the query calls a function with side effects: ${short}`);
    if (/\bINTO\s+(OUTFILE|DUMPFILE)\b/.test(upper)) return caution('SELECT ... INTO OUTFILE writes a file on the server');
    if (/^SELECT\b(?:(?!\bFROM\b).)*\bINTO\b/.test(upper)) {
      return caution('SELECT ... INTO creates a table');
    }
    if (/\bFOR\s+UPDATE\b/.test(upper)) return caution('SELECT ... FOR UPDATE takes row locks');
    return safe();
  }
  if (/^(USE|SET|BEGIN|START|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)$/.test(keyword)) {
    if (keyword === 'SET' && /\bGLOBAL\b/.test(upper)) return caution(`changes a server-wide setting: ${short}`);
    return safe();
  }
  if (keyword === 'KILL') return caution(`kills a database session: ${short}`);
  if (keyword === 'FLUSH' || keyword === 'RESET') return caution(`${keyword} changes server state`);
  return caution(`SQL ${keyword || 'statement'} changes data or schema: ${short}`);
}

function stripComments(sql: string): string {
  return sql.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ');
}

/** Replaces string literal contents so keywords inside strings ('... WHERE ...') do not count. */
function maskLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "''").replace(/"(?:[^"]|"")*"/g, '""');
}

function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quote) {
      current += ch;
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    if (ch === ';' || (ch === '\n' && current.trimStart().startsWith('\\'))) {
      out.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  out.push(current);
  return out;
}
