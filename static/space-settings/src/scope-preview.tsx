/**
 * The scope's dry run: "Preview what will be synced" asks the server batch after batch (each
 * bounded, so a large space never times a resolver out), then shows the counts (in, and out by
 * reason) and every item in a paged table with why it falls out. Nothing is written.
 */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { OutOfScopeReason, ScopePreviewBatch, SyncScopeView } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';

type Item = ScopePreviewBatch['items'][number];
const KIND: Record<string, string> = { page: 'Page', blogpost: 'Blog post', folder: 'Folder', whiteboard: 'Whiteboard', database: 'Database', embed: 'Smart link' };
const ROWS_PER_PAGE = 10;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function ScopePreview({ scope, blogPosts }: { scope: SyncScopeView; blogPosts: boolean }) {
  const [items, setItems] = useState<Item[] | undefined>();
  const [checked, setChecked] = useState<{ done: number; total: number } | undefined>();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const run = async () => {
    setRunning(true);
    setError(undefined);
    setItems(undefined);
    const found: Item[] = [];
    try {
      for (let cursor: number | undefined = 0; cursor !== undefined; ) {
        const batch: ScopePreviewBatch = await callBackend('previewScope', { scope, blogPosts, cursor });
        found.push(...batch.items);
        setChecked({ done: found.length, total: batch.total });
        cursor = batch.next;
      }
      setItems(found);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Stack space="space.100">
      <div>
        <Button type="button" onClick={run} isLoading={running}>
          Preview what will be synced
        </Button>
      </div>
      {running && checked && <Text>Checked {checked.done} of {checked.total} items…</Text>}
      {error && <SectionMessage appearance="error" title="The preview could not be made">{error}</SectionMessage>}
      {items && <PreviewResult items={items} />}
    </Stack>
  );
}

function PreviewResult({ items }: { items: Item[] }) {
  const synced = items.filter((i) => i.in).length;
  const out = new Map<OutOfScopeReason, { why: string; n: number }>();
  for (const i of items) if (!i.in && i.reason) out.set(i.reason, { why: i.why ?? '', n: (out.get(i.reason)?.n ?? 0) + 1 });
  return (
    <section aria-label="Preview of the scope">
      <Stack space="space.100">
        <Text as="p" weight="medium">
          {plural(synced, 'item')} will be synced; {plural(items.length - synced, 'item')} left out.
        </Text>
        {out.size > 0 && (
          <ul>
            {[...out.values()].map(({ why, n }) => (
              <li key={why}>
                {plural(n, 'item')}: {why}
              </li>
            ))}
          </ul>
        )}
        <DynamicTable
          caption="What the sync would do with each item"
          head={{ cells: [{ key: 'title', content: 'Item' }, { key: 'kind', content: 'Type' }, { key: 'verdict', content: 'Synced' }] }}
          rows={items.map((i) => ({
            key: i.id,
            cells: [
              { key: 'title', content: i.title || i.id },
              { key: 'kind', content: KIND[i.kind] ?? i.kind },
              { key: 'verdict', content: i.in ? <Lozenge appearance="success">Synced</Lozenge> : <span><Lozenge appearance="default">Left out</Lozenge> {i.why}</span> },
            ],
          }))}
          rowsPerPage={ROWS_PER_PAGE}
          defaultPage={1}
        />
      </Stack>
    </section>
  );
}
