/** The space settings page: where space admins create, import and watch syncs. */
import Heading from '@atlaskit/heading';
import EmptyState from '@atlaskit/empty-state';
import { token } from '@atlaskit/tokens';
import { useModuleContext } from '../../shared/use-module-context';
import { Loaded } from '../../shared/app-frame';

export function SpaceSettingsApp() {
  const context = useModuleContext();
  return (
    <main style={{ padding: token('space.300') }}>
      <Heading size="large">Space Sync</Heading>
      <Loaded value={context}>
        {(ctx) => (
          <EmptyState
            header="No synced spaces yet"
            description={`Syncs keep another space, on this site or another, in step with ${ctx.space?.key ?? 'this space'}.`}
          />
        )}
      </Loaded>
    </main>
  );
}
