/**
 * Whether the app's frame is narrow (below Atlaskit's `sm` breakpoint, 48rem): tables then fold
 * their columns into one, so nothing overflows a 400 px frame. The frame is the app's viewport,
 * so a media query measures it.
 */
import { useEffect, useState } from 'react';

const NARROW = '(max-width: 47.99rem)';

export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => typeof window !== 'undefined' && window.matchMedia(NARROW).matches);
  useEffect(() => {
    const query = window.matchMedia(NARROW);
    const changed = () => setNarrow(query.matches);
    query.addEventListener('change', changed);
    changed();
    return () => query.removeEventListener('change', changed);
  }, []);
  return narrow;
}
