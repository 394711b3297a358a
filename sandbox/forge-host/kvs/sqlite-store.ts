/**
 * The storage under the sandbox's KVS: one SQLite database, rows scoped by installation and
 * namespace (plain keys, secrets, and each custom entity). `:memory:` for tests, a file for
 * `npm start` so that syncs survive a restart. Built on Node 22's own `node:sqlite`, so no native
 * addon has to be compiled for the Node the sandbox runs on. Node 22 calls it experimental (one
 * warning per process); package.json pins the Node binary, so its API cannot shift under us.
 */
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';

export interface StoredItem {
  key: string;
  value: unknown;
  createdAt: number;
  updatedAt: number;
  /** ms since epoch, or null for no expiry */
  expireAt: number | null;
}

interface Row {
  key: string;
  value: string;
  created_at: number;
  updated_at: number;
  expire_at: number | null;
}

const toItem = (row: Row): StoredItem => ({
  key: row.key,
  value: JSON.parse(row.value),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  expireAt: row.expire_at,
});

export class SqliteStore {
  private readonly db: DatabaseSync;
  private savepoints = 0;

  constructor(file: string = ':memory:') {
    this.db = new DatabaseSync(file);
    this.db.exec('PRAGMA journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS kv (
        inst TEXT NOT NULL, ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, expire_at INTEGER,
        PRIMARY KEY (inst, ns, key)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS host_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  }

  /** node:sqlite types rows loosely; every query here selects the columns of its row type. */
  private row<R>(sql: string, ...params: SQLInputValue[]): R | undefined {
    return this.db.prepare(sql).get(...params) as R | undefined;
  }

  get(inst: string, ns: string, key: string, now = Date.now()): StoredItem | undefined {
    const row = this.row<Row>('SELECT key, value, created_at, updated_at, expire_at FROM kv WHERE inst = ? AND ns = ? AND key = ?', inst, ns, key);
    if (!row) return undefined;
    if (row.expire_at !== null && row.expire_at <= now) {
      this.delete(inst, ns, key);
      return undefined;
    }
    return toItem(row);
  }

  /** Writes the item and returns the live one it replaced, if any. */
  put(inst: string, ns: string, key: string, value: unknown, expireAt: number | null, now = Date.now()): StoredItem | undefined {
    const previous = this.get(inst, ns, key, now);
    this.db
      .prepare('INSERT OR REPLACE INTO kv (inst, ns, key, value, created_at, updated_at, expire_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(inst, ns, key, JSON.stringify(value), previous?.createdAt ?? now, now, expireAt);
    return previous;
  }

  delete(inst: string, ns: string, key: string): boolean {
    return Number(this.db.prepare('DELETE FROM kv WHERE inst = ? AND ns = ? AND key = ?').run(inst, ns, key).changes) > 0;
  }

  /** Live items of a namespace in key order, after `afterKey`, optionally under a prefix. */
  scan(inst: string, ns: string, opts: { prefix?: string; afterKey?: string; limit: number }, now = Date.now()): StoredItem[] {
    const prefix = opts.prefix ?? '';
    return (
      this.db.prepare(
        `SELECT key, value, created_at, updated_at, expire_at FROM kv
         WHERE inst = ? AND ns = ? AND key > ? AND substr(key, 1, ?) = ? AND (expire_at IS NULL OR expire_at > ?)
         ORDER BY key LIMIT ?`,
      ).all(inst, ns, opts.afterKey ?? '', prefix.length, prefix, now, opts.limit) as unknown as Row[]
    ).map(toItem);
  }

  /** Runs `fn` atomically: if it throws, nothing it wrote stays. */
  atomically<T>(fn: () => T): T {
    // A savepoint opens a transaction at the outermost level and nests inside one.
    const name = `atomically_${this.savepoints++}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = fn();
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.db.exec(`ROLLBACK TO ${name}`);
      this.db.exec(`RELEASE ${name}`);
      throw error;
    } finally {
      this.savepoints--;
    }
  }

  readHostState<T>(name: string): T | undefined {
    const row = this.row<{ value: string }>('SELECT value FROM host_state WHERE name = ?', name);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  writeHostState(name: string, value: unknown): void {
    this.db.prepare('INSERT OR REPLACE INTO host_state (name, value) VALUES (?, ?)').run(name, JSON.stringify(value));
  }

  /** Whether nothing at all is stored: no item of any installation, no host record. */
  isEmpty(): boolean {
    return !this.row('SELECT 1 AS one FROM kv LIMIT 1') && !this.row('SELECT 1 AS one FROM host_state LIMIT 1');
  }

  /** Deletes every item of every installation and every host record (the sandbox's Reset). */
  clear(): void {
    this.db.exec('DELETE FROM kv; DELETE FROM host_state;');
  }

  close(): void {
    this.db.close();
  }
}
