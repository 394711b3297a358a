/** "Who may run Sync now": users and groups of this site, searched as you type. */
import { useEffect, useState } from 'react';
import { AsyncSelect } from '@atlaskit/select';
import type { PersonOption } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';

export interface PageSyncValue {
  users: string[];
  groups: string[];
}

interface Option {
  label: string;
  value: string;
  person: PersonOption;
}

const toOption = (person: PersonOption): Option => ({ label: person.kind === 'group' ? `${person.name} (group)` : person.name, value: `${person.kind}:${person.id}`, person });

export const toPageSync = (people: PersonOption[]): PageSyncValue => ({
  users: people.filter((p) => p.kind === 'user').map((p) => p.id),
  groups: people.filter((p) => p.kind === 'group').map((p) => p.id),
});

/** Names the people already chosen (account ids alone mean nothing to an admin). */
export function useChosenPeople(initial: PageSyncValue): [PersonOption[], (people: PersonOption[]) => void] {
  const [people, setPeople] = useState<PersonOption[]>([]);
  useEffect(() => {
    if (initial.users.length + initial.groups.length === 0) return;
    callBackend('describePageSync', initial)
      .then(setPeople)
      .catch(() => setPeople([...initial.users.map((id) => ({ kind: 'user' as const, id, name: id })), ...initial.groups.map((id) => ({ kind: 'group' as const, id, name: id }))]));
  }, [initial.users.join(), initial.groups.join()]); // eslint-disable-line react-hooks/exhaustive-deps
  return [people, setPeople];
}

export function PageSyncPicker({ value, onChange }: { value: PersonOption[]; onChange(people: PersonOption[]): void }) {
  return (
    <>
      <label htmlFor="page-sync-people">Who may run “Sync now” on a page</label>
      <AsyncSelect<Option, true>
        inputId="page-sync-people"
        isMulti
        cacheOptions
        placeholder="Space admins only; type a name or group to add people"
        loadOptions={(query: string) => callBackend('searchPeople', { query }).then((people) => people.map(toOption))}
        value={value.map(toOption)}
        onChange={(options) => onChange((options ?? []).map((o) => o.person))}
        noOptionsMessage={({ inputValue }) => (inputValue ? 'No users or groups match' : 'Type to search users and groups')}
      />
    </>
  );
}
