/**
 * Where the parts census's difference is (src/domain/parts-census.ts): when two runs agree that
 * the space's comments or attachments differ from what the records hold, the items that differ
 * are found by counting in groups, `container in (…)` (CQL's container field takes IN: the CQL
 * field reference, developer.atlassian.com/display/CONFDEV/CQL+Field+Reference), against each
 * group's recorded sum, and halving a group that differs until a few items are left. At 10,000
 * pages that is about 200 one-point counts and a few more per group that differs, where reading
 * the space whole (a catch-up) costs some 60,000 points.
 *
 * The same counts stand in for the census where search's totals cannot be held to the records
 * (a sync without blog posts, a space that also receives copies): each group holds only items
 * the records name, so every few runs all groups are counted (GROUPED_EVERY_RUNS) and the items
 * of a group that differs are read. There a group agrees whether or not search leaves resolved
 * inline threads out, which the totals census learns and this cannot.
 *
 * Only where search is known to count as the records do (no learned offset for the part):
 * otherwise every group may differ a little, and the catch-up (which learns the offset) stays.
 * Too many groups that differ, or no group that differs (the difference is in content no record
 * names), also leave it to the catch-up. The counts are the caller's; the rule is pure.
 */

/** Ids per count: short enough for a request line, few enough counts for a large space. */
export const LOCATE_GROUP = 50;
/** A group this small is read whole rather than halved again. */
export const LOCATE_LEAF = 6;
/** Where the totals cannot be held to the records, the groups are counted once in this many runs (every 6 hours). */
export const GROUPED_EVERY_RUNS = 6;
/** More groups than this that differ: not a lost event or two; the catch-up reads everything. */
export const LOCATE_MAX_GROUPS = 10;

export interface Held {
  id: string;
  /** What the record says the item holds of the part being located. */
  held: number;
  /** What search would count if it leaves resolved inline threads out (UNCONFIRMED which it does): either agrees. */
  withoutResolved?: number;
}

/** The items that differ, or undefined when locating is left to a catch-up. */
export async function locateDifferences(items: Held[], count: (ids: string[]) => Promise<number>): Promise<string[] | undefined> {
  const groups: Held[][] = [];
  for (let i = 0; i < items.length; i += LOCATE_GROUP) groups.push(items.slice(i, i + LOCATE_GROUP));
  const differing: Array<{ group: Held[]; counted: number }> = [];
  for (const group of groups) {
    const counted = await count(group.map((h) => h.id));
    if (!agrees(group, counted)) differing.push({ group, counted });
    if (differing.length > LOCATE_MAX_GROUPS) return undefined;
  }
  if (!differing.length) return undefined;
  const found: string[] = [];
  for (const { group, counted } of differing) found.push(...(await narrow(group, counted, count)));
  return found;
}

const sum = (group: Held[]) => group.reduce((n, h) => n + h.held, 0);
const agrees = (group: Held[], counted: number) => counted === sum(group) || counted === group.reduce((n, h) => n + (h.withoutResolved ?? h.held), 0);

/** The items of a differing group that differ: each half counted, the other half known by subtraction. */
async function narrow(group: Held[], counted: number, count: (ids: string[]) => Promise<number>): Promise<string[]> {
  if (group.length <= LOCATE_LEAF) return group.map((h) => h.id);
  const half = group.slice(0, Math.ceil(group.length / 2));
  const rest = group.slice(half.length);
  const inHalf = await count(half.map((h) => h.id));
  const out: string[] = [];
  if (!agrees(half, inHalf)) out.push(...(await narrow(half, inHalf, count)));
  if (!agrees(rest, counted - inHalf)) out.push(...(await narrow(rest, counted - inHalf, count)));
  return out;
}
