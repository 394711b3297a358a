/** "Needs your attention": what a sync needs of its admins (a failure burst, a review, a held delete), and where to act. */
import { useEffect, useState } from 'react';
import SectionMessage from '@atlaskit/section-message';
import type { AttentionItem } from '../../src/contract/resolvers';
import { callBackend } from './backend';

export function AttentionNotices({ resolver, refreshKey }: { resolver: 'spaceAttention' | 'siteAttention'; refreshKey?: unknown }) {
  const [items, setItems] = useState<AttentionItem[]>([]);
  useEffect(() => {
    // Not being able to read the notices must not hide the page: they simply do not show.
    callBackend(resolver).then(setItems, () => setItems([]));
  }, [resolver, refreshKey]);
  if (!items.length) return null;
  return (
    <SectionMessage appearance="warning" title="Needs your attention">
      <ul>
        {items.map((item) => (
          <li key={`${item.syncId}-${item.kind}-${item.at}`}>
            <strong>
              {item.title}: “{item.syncName}” ({item.spaceKey})
            </strong>{' '}
            {item.lines.join(' ')} Where to act: {item.where}.
          </li>
        ))}
      </ul>
    </SectionMessage>
  );
}
