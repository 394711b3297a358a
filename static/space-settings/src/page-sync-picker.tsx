/**
 * "Who may run Sync now": users and groups of this site, searched as you type. The menu is
 * fixed-positioned (react-select's `menuPosition="fixed"`, which renders it through its menu
 * portal), so inside a dialog it opens over the dialog rather than inside its scroll area, below
 * the fold; it stays in the dialog's own DOM, so it is inside a landmark for assistive technology
 * (a menu portalled to <body> would be outside every one). Escape with the menu open closes only
 * the menu (`shouldPreventEscapePropagation`), never the dialog around it with the changes in it.
 * Near the bottom of the window the menu opens upward, shortened to the room there (menu-room.ts).
 * Enter with a search typed but nothing chosen stays in the picker (select-keys.ts).
 */
import { useEffect, useRef, useState } from 'react';
import { AsyncSelect } from '@atlaskit/select';
import { Field } from '@atlaskit/form';
import type { PersonOption } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { MENU_MOST, menuRoom, type MenuRoom } from './menu-room';
import { keepEnterInSearch } from './select-keys';

export interface PageSyncValue {
  users: string[];
  groups: string[];
}

interface Option {
  label: string;
  value: string;
  person: PersonOption;
}

/** Above the dialog's own content. */
const MENU_LAYER = 10;

const toOption = (person: PersonOption): Option => ({ label: person.kind === 'group' ? `${person.name} (group)` : person.name, value: `${person.kind}:${person.id}`, person });

export const toPageSync = (people: PersonOption[]): PageSyncValue => ({
  users: people.filter((p) => p.kind === 'user').map((p) => p.id),
  groups: people.filter((p) => p.kind === 'group').map((p) => p.id),
});

/** Names the people already chosen (account ids alone mean nothing to an admin); undefined while it asks. */
export function useChosenPeople(initial: PageSyncValue): PersonOption[] | undefined {
  const none = initial.users.length + initial.groups.length === 0;
  const [people, setPeople] = useState<PersonOption[] | undefined>(none ? [] : undefined);
  useEffect(() => {
    if (none) return;
    callBackend('describePageSync', initial)
      .then(setPeople)
      .catch(() => setPeople([...initial.users.map((id) => ({ kind: 'user' as const, id, name: id })), ...initial.groups.map((id) => ({ kind: 'group' as const, id, name: id }))]));
  }, [initial.users.join(), initial.groups.join()]); // eslint-disable-line react-hooks/exhaustive-deps
  return people;
}

/** The picker as a form field named `people`, holding the chosen users and groups. */
export function PageSyncPicker({ defaultValue = [] }: { defaultValue?: PersonOption[] }) {
  const box = useRef<HTMLDivElement>(null);
  const [room, setRoom] = useState<MenuRoom>({ placement: 'bottom', maxHeight: MENU_MOST });
  // Measured as the menu opens: the frame's window is what the person sees (the frame fits it while a dialog is open, host-frame.ts).
  const placeMenu = () => {
    const field = box.current?.getBoundingClientRect();
    if (field) setRoom(menuRoom(field.top, window.innerHeight - field.bottom));
  };
  return (
    <Field<PersonOption[]>
      name="people"
      id="page-sync-people"
      label="Who may run “Sync now” on a page"
      defaultValue={defaultValue}
      helperMessage="Space admins always may. Add users or groups of this site who may send a page on demand."
    >
      {({ fieldProps: { id, value, onChange, onBlur, onFocus, isDisabled, ...aria } }) => (
        <div ref={box} onKeyDown={keepEnterInSearch}>
          <AsyncSelect<Option, true>
            inputId={id}
            aria-describedby={aria['aria-describedby']}
            isMulti
            isDisabled={isDisabled}
            cacheOptions
            defaultOptions={false}
            placeholder="Type a name or group"
            loadOptions={(query: string) => callBackend('searchPeople', { query }).then((people) => people.map(toOption))}
            value={(value ?? []).map(toOption)}
            onChange={(options) => onChange((options ?? []).map((o) => o.person))}
            onBlur={onBlur}
            onFocus={onFocus}
            noOptionsMessage={({ inputValue }) => (inputValue ? 'No users or groups match' : 'Type to search users and groups')}
            menuPosition="fixed"
            menuPlacement={room.placement}
            maxMenuHeight={room.maxHeight}
            onMenuOpen={placeMenu}
            styles={{ menuPortal: (base) => ({ ...base, zIndex: MENU_LAYER }) }}
            shouldPreventEscapePropagation
          />
        </div>
      )}
    </Field>
  );
}
