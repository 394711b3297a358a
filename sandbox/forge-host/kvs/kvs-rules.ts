/**
 * The limits Forge KVS enforces, with its error codes (reference/forge-platform.md, section 2).
 * Codes marked UNCONFIRMED are not documented; the app must not depend on their exact text.
 */
export const MAX_KEY_LENGTH = 500;
export const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
export const MAX_VALUE_BYTES = 240 * 1024;
export const MAX_DEPTH = 31;
export const MAX_TRANSACTION_OPERATIONS = 25;
/** UNCONFIRMED: the documented batch size limit; 25 mirrors transactions. */
export const MAX_BATCH_ITEMS = 25;
export const DEFAULT_QUERY_LIMIT = 10;
export const MAX_QUERY_LIMIT = 100;

export class KvsRuleError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) throw new KvsRuleError(400, 'INVALID_KEY', 'Key must be a non-empty string');
  if (key.length > MAX_KEY_LENGTH) throw new KvsRuleError(400, 'KEY_TOO_LONG', `Key is longer than ${MAX_KEY_LENGTH} characters`);
  if (!KEY_PATTERN.test(key)) throw new KvsRuleError(400, 'INVALID_KEY', `Key does not match ${KEY_PATTERN}`);
  return key;
}

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce<number>((max, child) => Math.max(max, depthOf(child)), 0);
}

export function checkValue(value: unknown): void {
  if (value === undefined) throw new KvsRuleError(400, 'BAD_REQUEST', 'Value is required');
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_VALUE_BYTES) {
    throw new KvsRuleError(400, 'MAX_SIZE', `Value is larger than ${MAX_VALUE_BYTES} bytes`);
  }
  if (depthOf(value) > MAX_DEPTH) throw new KvsRuleError(400, 'MAX_DEPTH', `Value is nested deeper than ${MAX_DEPTH} levels`);
}

const TTL_UNIT_MS = { SECONDS: 1_000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 } as const;

export function expiryFrom(ttl: unknown, now: number): number | null {
  if (ttl === undefined) return null;
  const t = ttl as { value?: unknown; unit?: unknown };
  const unitMs = TTL_UNIT_MS[t.unit as keyof typeof TTL_UNIT_MS];
  if (!unitMs || typeof t.value !== 'number' || !Number.isInteger(t.value) || t.value <= 0) {
    throw new KvsRuleError(400, 'BAD_REQUEST', 'ttl must be { value: positive integer, unit: SECONDS|MINUTES|HOURS|DAYS }');
  }
  return now + t.value * unitMs;
}
