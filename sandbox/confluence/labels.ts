/**
 * Labels have site-wide numeric ids in Confluence (confluence-real row 56: ids are digit
 * strings); a stable hash of the name stands in for one.
 */
export function labelId(name: string): string {
  let h = 7;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 2_147_483_647;
  return String(h);
}

/**
 * A label as the site keeps it: its name for a global label, `my:name` (or `team:name`) for the
 * others, whose answers carry that prefix (v2 label `{id, name, prefix}`, confluence-real row 56).
 */
export function labelParts(key: string): { name: string; prefix: string } {
  const [, prefix, name] = /^(my|team|system):(.+)$/.exec(key) ?? [key, 'global', key];
  return { name, prefix };
}
