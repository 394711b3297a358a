import { placeOf, sourceSideDetail } from '../../src/domain/side-words';

const peer = { site: { cloudId: 'g', url: 'https://globex.atlassian.net' }, space: { id: '2', key: 'PARTNER', name: 'Partner Docs' } };

describe('an apply detail worded for the side that reads it', () => {
  it('says "the copy … there", in the other space, where the destination said "your copy … here"', () => {
    expect(sourceSideDetail('Your copy had been edited here; version 4 was overwritten and stays in the page history.', peer)).toBe(
      'The copy in Partner Docs on globex.atlassian.net had been edited there; version 4 was overwritten and stays in its page history.',
    );
    expect(sourceSideDetail('Your copy (taken over from the earlier sync) was edited here (version 5); kept, as this sync keeps destination changes.', peer)).toBe(
      'The copy in Partner Docs on globex.atlassian.net (taken over from the earlier sync) was edited there (version 5); kept, as this sync keeps the destination’s changes.',
    );
    expect(sourceSideDetail('The original was trashed; your copy was edited here (version 3) and is kept, as this sync keeps destination changes.', peer)).toBe(
      'The original was trashed; the copy in Partner Docs on globex.atlassian.net was edited there (version 3) and is kept, as this sync keeps the destination’s changes.',
    );
    expect(sourceSideDetail('Archived here, as the original is.', peer)).toBe('Archived in Partner Docs on globex.atlassian.net, as the original is.');
    expect(sourceSideDetail('A page titled “Onboarding” that this sync did not create exists here; the copy is titled “Onboarding (ENG)”.', peer)).toBe(
      'A page titled “Onboarding” that this sync did not create exists in Partner Docs on globex.atlassian.net; the copy is titled “Onboarding (ENG)”.',
    );
    expect(sourceSideDetail('Purged at the source; the copy is in this space’s trash for an admin to purge.', peer)).toBe(
      'Purged at the source; the copy is in the trash of Partner Docs on globex.atlassian.net for an admin to purge.',
    );
    expect(sourceSideDetail('Moved to another space at the source, so it is no longer synced; the copy is in this space’s trash.', peer)).toBe(
      'Moved to another space at the source, so it is no longer synced; the copy is in the trash of Partner Docs on globex.atlassian.net.',
    );
  });

  it('leaves words that name no side as they are', () => {
    expect(sourceSideDetail('Comments or attachments changed; the page itself did not.', peer)).toBe('Comments or attachments changed; the page itself did not.');
    expect(placeOf(undefined)).toBe('the other space');
  });
});
