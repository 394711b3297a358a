/** The page "•••" action: this page's sync status for each sync of its space. */
import Heading from '@atlaskit/heading';
import EmptyState from '@atlaskit/empty-state';
import { token } from '@atlaskit/tokens';
import { useModuleContext } from '../../shared/use-module-context';
import { Loaded } from '../../shared/app-frame';

export function PageActionApp() {
  const context = useModuleContext();
  return (
    <main style={{ padding: token('space.200') }}>
      <Heading size="medium">Space Sync</Heading>
      <Loaded value={context}>
        {(ctx) => <EmptyState header="Not synced" description={`Space ${ctx.space?.key ?? ''} has no syncs yet.`} />}
      </Loaded>
    </main>
  );
}
