/**
 * The site's content and content properties, with the lookups the REST handlers and the site's
 * rules make on every request (children of a node, comments of a page, a title in a space, the
 * pages of a space) answered from indexes instead of a scan of the whole site. Without them
 * the emulator's answers slow down as the site grows, and a benchmark measures the emulator.
 *
 * Sandbox infrastructure, not a Confluence behaviour. The indexes live inside the maps (private
 * fields), are derived from the values only, and are kept in step by `set`, `delete` and `clear`:
 * a map emptied and refilled (a restored snapshot) rebuilds them. The site calls `reindex` after
 * it changes an indexed field in place (a move, a rename, a trash). Every lookup re-checks its
 * condition on the values, so an entry left behind can only cost time, never a wrong answer.
 */
import type { Content, ContentProperty, ContentType } from './model';

const SEP = '\u0000';
type Key = string;

/** One index: key → ids, plus what keys each id was filed under (to take it out again). */
class Buckets {
  readonly #buckets = new Map<Key, Set<string>>();

  add(key: Key, id: string): void {
    const set = this.#buckets.get(key);
    if (set) set.add(id);
    else this.#buckets.set(key, new Set([id]));
  }

  remove(key: Key, id: string): void {
    const set = this.#buckets.get(key);
    if (!set) return;
    set.delete(id);
    if (set.size === 0) this.#buckets.delete(key);
  }

  ids(key: Key): Iterable<string> {
    return this.#buckets.get(key) ?? [];
  }

  keys(): Iterable<Key> {
    return this.#buckets.keys();
  }

  clear(): void {
    this.#buckets.clear();
  }
}

type IndexName = 'type' | 'spaceType' | 'parent' | 'container' | 'parentComment' | 'title' | 'trashedWith' | 'label';

/** The keys a content is filed under, by index. */
function keysOf(c: Content): Array<[IndexName, Key]> {
  const keys: Array<[IndexName, Key]> = [
    ['type', c.type],
    ['spaceType', `${c.spaceId}${SEP}${c.type}`],
    ['title', titleKey(c.spaceId, c.type, c.title)],
  ];
  if (c.parentId) keys.push(['parent', c.parentId]);
  if (c.containerId) keys.push(['container', c.containerId]);
  if (c.parentCommentId) keys.push(['parentComment', c.parentCommentId]);
  if (c.trashedWith) keys.push(['trashedWith', c.trashedWith]);
  for (const label of c.labels) keys.push(['label', label]);
  return keys;
}

const titleKey = (spaceId: string, type: ContentType, title: string) => `${spaceId}${SEP}${type}${SEP}${(title ?? '').toLowerCase()}`;

export class ContentIndex extends Map<string, Content> {
  readonly #indexes: Record<IndexName, Buckets> = {
    type: new Buckets(),
    spaceType: new Buckets(),
    parent: new Buckets(),
    container: new Buckets(),
    parentComment: new Buckets(),
    title: new Buckets(),
    trashedWith: new Buckets(),
    label: new Buckets(),
  };
  /** id → the keys it is filed under now. */
  readonly #filed = new Map<string, Array<[IndexName, Key]>>();

  constructor(entries?: Iterable<readonly [string, Content]>) {
    // Map's constructor would call set() before this class's fields exist: fill after they do.
    super();
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  override set(id: string, content: Content): this {
    super.set(id, content);
    this.reindex(content, id);
    return this;
  }

  override delete(id: string): boolean {
    this.unfile(id);
    return super.delete(id);
  }

  override clear(): void {
    super.clear();
    for (const index of Object.values(this.#indexes)) index.clear();
    this.#filed.clear();
  }

  /** Files the content under its current field values (call after changing one in place). */
  reindex(content: Content, id = content.id): void {
    this.unfile(id);
    const keys = keysOf(content);
    for (const [name, key] of keys) this.#indexes[name].add(key, id);
    this.#filed.set(id, keys);
  }

  private unfile(id: string): void {
    for (const [name, key] of this.#filed.get(id) ?? []) this.#indexes[name].remove(key, id);
    this.#filed.delete(id);
  }

  private pick(name: IndexName, key: Key, test: (c: Content) => boolean): Content[] {
    const out: Content[] = [];
    for (const id of this.#indexes[name].ids(key)) {
      const c = super.get(id);
      if (c && test(c)) out.push(c);
    }
    return out;
  }

  ofType(type: ContentType): Content[] {
    return this.pick('type', type, (c) => c.type === type);
  }

  inSpace(spaceId: string, type: ContentType): Content[] {
    return this.pick('spaceType', `${spaceId}${SEP}${type}`, (c) => c.spaceId === spaceId && c.type === type);
  }

  /** Tree children of a node (any type), in no particular order. */
  withParent(parentId: string): Content[] {
    return this.pick('parent', parentId, (c) => c.parentId === parentId);
  }

  /** Comments and attachments of a page or blog post. */
  inContainer(containerId: string): Content[] {
    return this.pick('container', containerId, (c) => c.containerId === containerId);
  }

  repliesTo(commentId: string): Content[] {
    return this.pick('parentComment', commentId, (c) => c.parentCommentId === commentId);
  }

  /** Content of a type in a space whose title matches, ignoring case (how Confluence compares titles). */
  withTitle(spaceId: string, type: ContentType, title: string): Content[] {
    const lower = (title ?? '').toLowerCase();
    return this.pick('title', titleKey(spaceId, type, title), (c) => c.spaceId === spaceId && c.type === type && (c.title ?? '').toLowerCase() === lower);
  }

  trashedWith(id: string): Content[] {
    return this.pick('trashedWith', id, (c) => c.trashedWith === id);
  }

  /** Content carrying a label, by the key the site keeps it under (`name`, or `my:name`). */
  withLabel(key: string): Content[] {
    return this.pick('label', key, (c) => c.labels.has(key));
  }

  /** Every label key in use on the site. */
  labelKeys(): string[] {
    return [...this.#indexes.label.keys()];
  }
}

/** Content properties with a lookup by the content they belong to. */
export class PropertyIndex extends Map<string, ContentProperty> {
  readonly #byContent = new Buckets();
  readonly #filed = new Map<string, string>();

  constructor(entries?: Iterable<readonly [string, ContentProperty]>) {
    super();
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  override set(id: string, property: ContentProperty): this {
    super.set(id, property);
    const before = this.#filed.get(id);
    if (before !== undefined) this.#byContent.remove(before, id);
    this.#byContent.add(property.contentId, id);
    this.#filed.set(id, property.contentId);
    return this;
  }

  override delete(id: string): boolean {
    const before = this.#filed.get(id);
    if (before !== undefined) this.#byContent.remove(before, id);
    this.#filed.delete(id);
    return super.delete(id);
  }

  override clear(): void {
    super.clear();
    this.#byContent.clear();
    this.#filed.clear();
  }

  of(contentId: string): ContentProperty[] {
    const out: ContentProperty[] = [];
    for (const id of this.#byContent.ids(contentId)) {
      const p = super.get(id);
      if (p && p.contentId === contentId) out.push(p);
    }
    return out;
  }
}
