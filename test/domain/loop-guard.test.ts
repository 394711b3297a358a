import { isOwnWrite } from '../../src/domain/loop-guard';

describe('isOwnWrite', () => {
  const own = '557058:app-own';
  it('is the app’s write when the actor is the app’s own account', () => {
    expect(isOwnWrite({ atlassianId: own, versionBy: own }, own)).toBe(true);
  });

  it('is not when another app (Automation for Confluence) or a person acted, even on a page the app wrote last', () => {
    expect(isOwnWrite({ atlassianId: '557058:automation', versionBy: '557058:automation' }, own)).toBe(false);
    expect(isOwnWrite({ atlassianId: 'acc-person', versionBy: own }, own)).toBe(false);
  });

  it('falls back to the version author when the event names no actor', () => {
    expect(isOwnWrite({ versionBy: own }, own)).toBe(true);
    expect(isOwnWrite({ versionBy: '557058:automation' }, own)).toBe(false);
    expect(isOwnWrite({}, own)).toBe(false);
  });

  it('skips nothing while the app does not know its own id', () => {
    expect(isOwnWrite({ atlassianId: own, versionBy: own }, undefined)).toBe(false);
  });
});
