/** One user action at a time: busy while it runs, and what failed (the error, its message) when it fails. */
import { useCallback, useState } from 'react';
import { errorMessage } from './error-message';

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, failure: error === undefined ? undefined : errorMessage(error), run, clear: () => setError(undefined) };
}
