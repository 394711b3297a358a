/** A record of every invocation and request the host handled, for tests and the benchmark. */
export type LogEntry =
  | { kind: 'invocation'; installationId: string; functionKey: string; moduleKey: string; ms: number; outcome: 'ok' | 'error' | 'timeout' | 'retry'; error?: string }
  | { kind: 'product'; installationId: string; as: string; method: string; path: string; status: number }
  | { kind: 'kvs'; installationId: string; op: string; status: number; bytes: number; units?: number }
  | { kind: 'queue-push'; installationId: string; queue: string; events: number; bytes: number; status: number }
  | { kind: 'queue-delivery'; installationId: string; queue: string; eventId: string; attempt: number; delaySeconds: number; outcome: string }
  | { kind: 'product-event'; installationId: string; eventType: string; trigger: string; outcome: string; actor?: string }
  | { kind: 'web-trigger'; installationId: string; moduleKey: string; method: string; status: number; bytes: number }
  | { kind: 'egress'; installationId: string; url: string; allowed: boolean }
  | { kind: 'web-trigger-url'; installationId: string; op: 'get' | 'create' | 'delete' | 'query'; status: number }
  /** A report the browser posted to a Custom UI page's CSP report-uri. */
  | { kind: 'csp-violation'; documentUri: string; directive: string; blockedUri: string }
  /** A call made by an invocation after its deadline: refused, as Forge has stopped it by then. */
  | { kind: 'after-deadline'; installationId: string; functionKey: string; call: string; lateMs: number };

export class InvocationLog {
  readonly entries: LogEntry[] = [];
  private readonly listeners: Array<(entry: LogEntry) => void> = [];

  add(entry: LogEntry): void {
    this.entries.push(entry);
    for (const listener of this.listeners) listener(entry);
  }

  /** Hears every entry as it is added (the sandbox's world file saves after product requests). */
  onEntry(listener: (entry: LogEntry) => void): void {
    this.listeners.push(listener);
  }

  of<K extends LogEntry['kind']>(kind: K): Array<Extract<LogEntry, { kind: K }>> {
    return this.entries.filter((e): e is Extract<LogEntry, { kind: K }> => e.kind === kind);
  }

  clear(): void {
    this.entries.length = 0;
  }
}
