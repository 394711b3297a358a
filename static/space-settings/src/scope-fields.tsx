/**
 * What the sync covers: the whole space or chosen pages and folders (picked from the space's
 * tree), labels to include or exclude, pages left out (with or without their children), and what
 * happens to a copy whose page leaves the scope; with a dry run of it before anything is saved.
 * Held as the dialog's own state (the preview reads it as it is now); the server validates it.
 */
import { useEffect, useState } from 'react';
import Select from '@atlaskit/select';
import { keepEnterInSearch } from './select-keys';
import Textfield from '@atlaskit/textfield';
import { Checkbox } from '@atlaskit/checkbox';
import { Fieldset, HelperMessage, Label, useFormState } from '@atlaskit/form';
import { Stack } from '@atlaskit/primitives/compiled';
import type { ScopeTreeView, SyncScopeView } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { ScopePreview } from './scope-preview';

export const WHOLE_SPACE: SyncScopeView = { roots: [], includeLabels: [], excludeLabels: [], excludedPages: [], onLeave: 'keep' };

interface Option {
  label: string;
  value: string;
}
const MENU_LAYER = 10;
const COVERS: Option[] = [
  { label: 'The whole space', value: 'space' },
  { label: 'Chosen pages and folders, with what is under them', value: 'chosen' },
];
const ON_LEAVE: Option[] = [
  { label: 'Keep their copies as they are', value: 'keep' },
  { label: 'Move their copies to the trash', value: 'trash' },
];

const labelsOf = (text: string) => [...new Set(text.split(/[\s,]+/).map((l) => l.trim().toLowerCase()).filter(Boolean))];

/** The space's pages and folders as picker options, titles with their parent's for the same title twice. */
function useTreeOptions(): { options: Option[]; error?: string } {
  const [tree, setTree] = useState<ScopeTreeView | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    callBackend('scopeTree').then(setTree, (e) => setError(errorMessage(e)));
  }, []);
  const titles = new Map(tree?.items.map((i) => [i.id, i.title]));
  const options = (tree?.items ?? []).map((i) => ({ value: i.id, label: `${i.kind === 'folder' ? 'Folder: ' : ''}${i.title}${i.parentId ? ` (in ${titles.get(i.parentId) ?? 'another page'})` : ''}` }));
  return { options, error };
}

/** `blogPosts`: whether the sync sends blog posts, until the form's own checkbox says otherwise. */
export function ScopeFields({ value, onChange, blogPosts: saved }: { value: SyncScopeView; onChange(scope: SyncScopeView): void; blogPosts: boolean }) {
  const { options, error } = useTreeOptions();
  // The preview follows the "Blog posts" checkbox as it is now, not as it was saved.
  const blogPosts = useFormState<{ blogPosts?: boolean }>({ values: true })?.values.blogPosts ?? saved;
  const [chosen, setChosen] = useState(value.roots.length > 0);
  const [include, setInclude] = useState(value.includeLabels.join(', '));
  const [exclude, setExclude] = useState(value.excludeLabels.join(', '));
  const pick = (ids: string[]) => ids.map((id) => options.find((o) => o.value === id) ?? { value: id, label: id });
  const set = (patch: Partial<SyncScopeView>) => onChange({ ...value, ...patch });
  const withChildren = value.excludedPages.every((p) => p.withChildren);
  return (
    <Fieldset legend="Which pages">
      {/* Enter in a select's search stays there (select-keys.ts); Escape is each Select's own. */}
      <div onKeyDown={keepEnterInSearch}>
        <Stack space="space.100">
          <Label htmlFor="scope-covers">Sync</Label>
          <Select<Option>
            inputId="scope-covers"
            options={COVERS}
            value={COVERS[chosen ? 1 : 0]}
            onChange={(o) => {
              setChosen(o?.value === 'chosen');
              if (o?.value !== 'chosen') set({ roots: [] });
            }}
            menuPosition="fixed"
            styles={{ menuPortal: (base) => ({ ...base, zIndex: MENU_LAYER }) }}
            shouldPreventEscapePropagation
          />
          {chosen && (
            <>
              <Label htmlFor="scope-roots">Pages and folders to sync</Label>
              <Select<Option, true>
                inputId="scope-roots"
                isMulti
                options={options}
                value={pick(value.roots)}
                onChange={(os) => set({ roots: os.map((o) => o.value) })}
                placeholder="Choose from this space’s tree"
                menuPosition="fixed"
                styles={{ menuPortal: (base) => ({ ...base, zIndex: MENU_LAYER }) }}
                shouldPreventEscapePropagation
              />
              <HelperMessage>Each with everything under it. Blog posts are judged by their labels only.</HelperMessage>
            </>
          )}
          {error && <HelperMessage>The page tree could not be loaded: {error}</HelperMessage>}
          <Label htmlFor="scope-include">Only pages with this label</Label>
          <Textfield id="scope-include" value={include} placeholder="none needed" onChange={(e) => {
              setInclude(e.currentTarget.value);
              set({ includeLabels: labelsOf(e.currentTarget.value) });
            }} />
          <Label htmlFor="scope-exclude">Leave out pages with this label</Label>
          <Textfield id="scope-exclude" value={exclude} placeholder="none" onChange={(e) => {
              setExclude(e.currentTarget.value);
              set({ excludeLabels: labelsOf(e.currentTarget.value) });
            }} />
          <HelperMessage>For several, separate them with commas: a page needs any one of the first, and any one of the second leaves it out. A page left out this way leaves its children to be judged on their own.</HelperMessage>
          <Label htmlFor="scope-excluded">Pages to leave out</Label>
          <Select<Option, true>
            inputId="scope-excluded"
            isMulti
            options={options}
            value={pick(value.excludedPages.map((p) => p.id))}
            onChange={(os) => set({ excludedPages: os.map((o) => ({ id: o.value, withChildren })) })}
            placeholder="None"
            menuPosition="fixed"
            styles={{ menuPortal: (base) => ({ ...base, zIndex: MENU_LAYER }) }}
            shouldPreventEscapePropagation
          />
          <Checkbox
            label="Leave out what is under them too"
            isChecked={withChildren}
            onChange={(e) => set({ excludedPages: value.excludedPages.map((p) => ({ ...p, withChildren: e.currentTarget.checked })) })}
          />
          <Label htmlFor="scope-on-leave">Pages that leave the scope later</Label>
          <Select<Option>
            inputId="scope-on-leave"
            options={ON_LEAVE}
            value={ON_LEAVE.find((o) => o.value === value.onLeave)}
            onChange={(o) => set({ onLeave: o?.value === 'trash' ? 'trash' : 'keep' })}
            menuPosition="fixed"
            styles={{ menuPortal: (base) => ({ ...base, zIndex: MENU_LAYER }) }}
            shouldPreventEscapePropagation
          />
          <ScopePreview scope={value} blogPosts={blogPosts} />
        </Stack>
      </div>
    </Fieldset>
  );
}
