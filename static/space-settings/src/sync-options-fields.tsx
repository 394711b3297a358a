/** What to sync and how: the source's choices, at creation and later. */
import { Checkbox } from '@atlaskit/checkbox';
import type { SyncSummary } from '../../../src/contract/resolvers';

export type SyncOptionsValue = SyncSummary['options'];

export const DEFAULT_OPTIONS: SyncOptionsValue = { blogPosts: true, comments: true, labels: true, attachments: true, mode: 'automatic', conflictPolicy: 'source-wins' };

const CONTENT = [
  ['blogPosts', 'Blog posts'],
  ['comments', 'Comments'],
  ['labels', 'Labels'],
  ['attachments', 'Attachments'],
] as const;

export function SyncOptionsFields({ value, onChange }: { value: SyncOptionsValue; onChange(options: SyncOptionsValue): void }) {
  return (
    <>
      <fieldset style={{ border: 0, padding: 0, marginTop: 16 }}>
        <legend>Pages are always synced. Also sync:</legend>
        {CONTENT.map(([key, label]) => (
          <Checkbox key={key} label={label} isChecked={value[key]} onChange={(e) => onChange({ ...value, [key]: e.currentTarget.checked })} />
        ))}
      </fieldset>
      <fieldset style={{ border: 0, padding: 0, marginTop: 16 }}>
        <legend>How</legend>
        <Checkbox
          label="Sync automatically on every change (otherwise only on “Sync now”)"
          isChecked={value.mode === 'automatic'}
          onChange={(e) => onChange({ ...value, mode: e.currentTarget.checked ? 'automatic' : 'manual' })}
        />
        <Checkbox
          label="Keep changes made in the copy (otherwise the source wins)"
          isChecked={value.conflictPolicy === 'keep-destination'}
          onChange={(e) => onChange({ ...value, conflictPolicy: e.currentTarget.checked ? 'keep-destination' : 'source-wins' })}
        />
      </fieldset>
    </>
  );
}
