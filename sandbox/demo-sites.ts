/** The two demo Confluence sites the sandbox starts with. */
export interface DemoUser {
  accountId: string;
  displayName: string;
  spaceAdmin: boolean;
}

export interface DemoSpace {
  id: string;
  key: string;
  name: string;
}

export interface DemoSite {
  cloudId: string;
  siteUrl: string;
  name: string;
  spaces: DemoSpace[];
  users: DemoUser[];
}

export const DEMO_SITES: DemoSite[] = [
  {
    cloudId: '9c1f4a52-0d7e-4d8b-a3c1-acme00000001',
    siteUrl: 'https://acme.atlassian.net',
    name: 'Acme (source)',
    spaces: [{ id: '1001', key: 'ENG', name: 'Engineering Handbook' }],
    users: [
      { accountId: '5f1a-acme-admin', displayName: 'Ada Admin', spaceAdmin: true },
      { accountId: '5f1a-acme-writer', displayName: 'Wes Writer', spaceAdmin: false },
    ],
  },
  {
    cloudId: '3e7b9d10-6f2a-4c55-b8e4-globex000002',
    siteUrl: 'https://globex.atlassian.net',
    name: 'Globex (destination)',
    spaces: [{ id: '2001', key: 'PARTNER', name: 'Partner Docs' }],
    users: [
      { accountId: '7a2b-globex-admin', displayName: 'Gil Admin', spaceAdmin: true },
      { accountId: '7a2b-globex-reader', displayName: 'Rita Reader', spaceAdmin: false },
    ],
  },
];
