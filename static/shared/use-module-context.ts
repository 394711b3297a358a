/** Loads where the module is open from the backend, which reads it from the Forge context. */
import { useEffect, useState } from 'react';
import type { ModuleContextResult } from '../../src/contract/resolvers';
import { callBackend } from './backend';
import { errorMessage } from './error-message';

export type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; message: string };

export function useModuleContext(): Loadable<ModuleContextResult> {
  const [result, setResult] = useState<Loadable<ModuleContextResult>>({ state: 'loading' });
  useEffect(() => {
    callBackend('getModuleContext')
      .then((value) => setResult({ state: 'ready', value }))
      .catch((error: unknown) => setResult({ state: 'failed', message: errorMessage(error) }));
  }, []);
  return result;
}
