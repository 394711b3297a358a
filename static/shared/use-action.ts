/** One user action at a time: busy while it runs, and the backend's message when it fails. */
import { useState } from 'react';
import { errorMessage } from './error-message';

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await work();
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, failure, run };
}
