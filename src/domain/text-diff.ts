/**
 * The side-by-side difference a person reads before taking a waiting version: each version's
 * storage-format body as plain lines of text (one per paragraph, heading, list item, row), and
 * the two compared line by line (longest common subsequence). Pure, no I/O.
 */

/** Elements that end a line of text when read. */
const BLOCK_END = /<\/(p|h[1-6]|li|tr|div|pre|blockquote|ac:task|ac:layout-cell|th|td)>|<br\s*\/?>|<hr\s*\/?>/gi;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** A storage-format body as the lines of text a reader sees (markup dropped, entities decoded, empty lines left out). */
export function storageLines(body: string): string[] {
  const text = body.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, cdata: string) => cdata.replace(/</g, '&lt;')).replace(BLOCK_END, '\n').replace(/<[^>]*>/g, '');
  return decode(text)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** One row of the side-by-side view: `skipped` stands for unchanged lines not shown. */
export type DiffRow =
  | { kind: 'same'; left: string; right: string }
  | { kind: 'changed'; left: string; right: string }
  | { kind: 'removed'; left: string }
  | { kind: 'added'; right: string }
  | { kind: 'skipped'; count: number };

/** Longer bodies are compared on their first lines only (the view says so). */
export const MAX_DIFF_LINES = 1500;
/** Unchanged lines shown around each change. */
export const CONTEXT_LINES = 2;

type Op = { op: 'same' | 'del' | 'ins'; line: string };

function lcsOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j]: the LCS of a[i..] and b[j..], in one flat array.
  const lengths = new Uint16Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lengths[i * (m + 1) + j] = a[i] === b[j] ? lengths[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(lengths[(i + 1) * (m + 1) + j], lengths[i * (m + 1) + j + 1]);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) ops.push({ op: 'same', line: a[i++] }), j++;
    else if (lengths[(i + 1) * (m + 1) + j] >= lengths[i * (m + 1) + j + 1]) ops.push({ op: 'del', line: a[i++] });
    else ops.push({ op: 'ins', line: b[j++] });
  }
  while (i < n) ops.push({ op: 'del', line: a[i++] });
  while (j < m) ops.push({ op: 'ins', line: b[j++] });
  return ops;
}

/** Removed and added lines side by side as changed rows; what is left over stays removed or added. */
function pairRuns(ops: Op[]): DiffRow[] {
  const rows: DiffRow[] = [];
  for (let k = 0; k < ops.length; ) {
    if (ops[k].op === 'same') {
      rows.push({ kind: 'same', left: ops[k].line, right: ops[k].line });
      k++;
      continue;
    }
    const dels: string[] = [];
    const ins: string[] = [];
    while (k < ops.length && ops[k].op !== 'same') (ops[k].op === 'del' ? dels : ins).push(ops[k++].line);
    for (let x = 0; x < Math.max(dels.length, ins.length); x++) {
      if (x < dels.length && x < ins.length) rows.push({ kind: 'changed', left: dels[x], right: ins[x] });
      else if (x < dels.length) rows.push({ kind: 'removed', left: dels[x] });
      else rows.push({ kind: 'added', right: ins[x] });
    }
  }
  return rows;
}

/** Long unchanged stretches folded to a `skipped` row, keeping CONTEXT_LINES around each change. */
function fold(rows: DiffRow[]): DiffRow[] {
  const near = rows.map((r, i) => r.kind !== 'same' || rows.slice(Math.max(0, i - CONTEXT_LINES), i + CONTEXT_LINES + 1).some((o) => o.kind !== 'same'));
  const out: DiffRow[] = [];
  for (let i = 0; i < rows.length; ) {
    if (near[i]) {
      out.push(rows[i++]);
      continue;
    }
    let count = 0;
    while (i < rows.length && !near[i]) count++, i++;
    out.push({ kind: 'skipped', count });
  }
  return out;
}

export interface SideBySide {
  rows: DiffRow[];
  /** Lines past MAX_DIFF_LINES on either side were not compared. */
  truncated: boolean;
  changes: number;
}

/** The two texts compared line by line: `left` is the copy now, `right` the waiting version. */
export function sideBySide(left: string[], right: string[]): SideBySide {
  const truncated = left.length > MAX_DIFF_LINES || right.length > MAX_DIFF_LINES;
  const rows = pairRuns(lcsOps(left.slice(0, MAX_DIFF_LINES), right.slice(0, MAX_DIFF_LINES)));
  return { rows: fold(rows), truncated, changes: rows.filter((r) => r.kind !== 'same').length };
}
