/** Site-wide settings for site admins (the SMTP server for sending tokens by email). */
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { useModuleContext } from '../../shared/use-module-context';
import { Loaded } from '../../shared/app-frame';

export function GlobalSettingsApp() {
  const context = useModuleContext();
  return (
    <main style={{ padding: token('space.300') }}>
      <Heading size="large">Space Sync settings</Heading>
      <Loaded value={context}>{(ctx) => <p>Site: {ctx.siteUrl}</p>}</Loaded>
    </main>
  );
}
