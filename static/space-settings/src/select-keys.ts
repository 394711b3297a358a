/**
 * The keys a select inside a dialog must keep to itself. Escape with its menu open closes only
 * the menu: pass `shouldPreventEscapePropagation` to every such Select, or the dialog closes
 * around it and the changes in it are lost. And Enter with a search typed and nothing to choose
 * (still loading, or nothing matches) falls through to the dialog's form, which submits: a
 * wrapper's `onKeyDown={keepEnterInSearch}` keeps it in the select. Enter on an option is
 * react-select's (it prevents the default as it chooses), Enter in an empty select still submits,
 * and other fields (a select's input is the one with role="combobox") are left alone.
 */
import type { KeyboardEvent } from 'react';

export function keepEnterInSearch(e: KeyboardEvent<HTMLElement>): void {
  const input = e.target;
  if (e.key !== 'Enter' || e.defaultPrevented || !(input instanceof HTMLInputElement)) return;
  if (input.getAttribute('role') === 'combobox' && input.value.trim() !== '') e.preventDefault();
}
