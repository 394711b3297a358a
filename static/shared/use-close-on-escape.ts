/**
 * Escape closes the app's modal, as Confluence's own modals close on Escape. Once the focus is
 * inside the app's frame the host page never sees the key, so the app closes itself with
 * `view.close()` (@forge/bridge 7.2.0, shared/reference/forge-platform.md §3.4). A key something
 * in the app already used (its own dialog, a menu or a select list open) is left to it.
 */
import { useEffect } from 'react';
import { view } from '@forge/bridge';

/** What answers Escape inside the app before the modal around it does. */
const OWNS_ESCAPE = '[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"]';

export function useCloseOnEscape(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector(OWNS_ESCAPE)) return;
      e.preventDefault();
      void view.close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
