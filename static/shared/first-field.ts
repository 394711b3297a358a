/**
 * Where a dialog puts the focus when it opens: its first field, so typing at once goes there and
 * not into the header's × (the first focusable element, which Atlaskit's Modal focuses by
 * default). Modal's `autoFocus` takes a ref and focuses it after mount (@atlaskit/modal-dialog,
 * ds-lib use-auto-focus): this ref finds the field inside `within` at that moment, so a dialog
 * need not know which of its children renders the first field.
 */
import { useEffect, useMemo, useRef, type RefObject } from 'react';

const FIELD = 'textarea:not([disabled]), input:not([type="hidden"]):not([type="file"]):not([disabled]), select:not([disabled])';

export function useFirstField(): { within: RefObject<HTMLDivElement>; autoFocus: RefObject<HTMLElement> } {
  const within = useRef<HTMLDivElement>(null);
  const autoFocus = useMemo<RefObject<HTMLElement>>(
    () => ({
      get current() {
        return within.current?.querySelector<HTMLElement>(FIELD) ?? null;
      },
    }),
    [],
  );
  return { within, autoFocus };
}

/**
 * A dialog whose fields come after a load (Notifications reads its settings first) has no field
 * when Modal focuses: the focus fell to the frame's body, so Tab started from the top of the
 * page behind. Once `loading` ends, the first field takes the focus, unless the admin has put it
 * somewhere meanwhile.
 */
export function useFocusFirstFieldAfterLoad(first: { autoFocus: RefObject<HTMLElement> }, loading: boolean): void {
  useEffect(() => {
    if (loading) return;
    const active = document.activeElement;
    if (active && active !== document.body && !active.matches('[role="dialog"]')) return;
    first.autoFocus.current?.focus();
  }, [first, loading]);
}
