/** Reloads a panel every `ms` while `active`, never two loads at once (each waits for the last answer). */
import { useEffect } from 'react';

export function useRefreshWhile(active: boolean, load: () => Promise<unknown>, ms: number): void {
  useEffect(() => {
    if (!active) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const next = () => {
      timer = setTimeout(() => void load().finally(() => stopped || next()), ms);
    };
    next();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, load, ms]);
}
