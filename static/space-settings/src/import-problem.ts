/**
 * What the import dialog says when a token is refused, by the error's code (never its wording):
 * a title naming what is wrong, under it the server's own sentence, and what else helps.
 */
import type { ErrorCode } from '../../../src/contract/errors';

export interface ImportProblem {
  title: string;
  advice?: string;
  appearance: 'warning' | 'error';
}

export const IMPORT_PROBLEMS: Partial<Record<ErrorCode, ImportProblem>> = {
  'token-expired': { title: 'This token has expired', advice: 'Tokens work for seven days from when they are issued.', appearance: 'warning' },
  'token-used': { title: 'This token has been used already', advice: 'A token pairs two spaces once; each new pairing needs a new token.', appearance: 'warning' },
  'token-revoked': { title: 'This token was replaced', appearance: 'warning' },
  'token-not-a-token': { title: 'That is not a Space Sync token', advice: 'Choose the .spacesync-token file, or paste the token (or the whole email it came in).', appearance: 'error' },
  'token-tampered': { title: 'This token has been altered', advice: 'Do not use it. Ask for a new one over a channel you trust.', appearance: 'error' },
  'token-not-this-site': { title: 'This token is not what it says', appearance: 'error' },
  'token-wrong-app': { title: 'This token is for another Space Sync', appearance: 'error' },
  'token-same-space': { title: 'This token comes from this space', appearance: 'warning' },
  'already-paired': {
    title: 'Already paired',
    advice: 'Two spaces are paired by one sync at a time. To pair them with this token instead, unpair the sync that pairs them now (in its ••• menu), then import it.',
    appearance: 'warning',
  },
  'source-unreachable': { title: 'The source site did not answer', advice: 'Try the same token again: if the source had already taken it, a new try within ten minutes finishes the pairing.', appearance: 'warning' },
  busy: { title: 'Space Sync is busy', advice: 'Nothing was lost: import the same token again in a minute.', appearance: 'warning' },
  'source-refused': { title: 'The source did not accept this token', appearance: 'warning' },
  'peer-version': { title: 'The other space runs another version of Space Sync', appearance: 'warning' },
};
