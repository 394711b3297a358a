/**
 * What the import dialog says when a token is refused, by the error's code (never its wording):
 * a title naming what is wrong, and what to do about it. The server's own sentence is shown too.
 */
import type { ErrorCode } from '../../../src/contract/errors';

export interface ImportProblem {
  title: string;
  advice?: string;
  appearance: 'warning' | 'error';
}

const ASK = 'Ask the source space’s admin for a new token: they choose Get token on their sync.';

export const IMPORT_PROBLEMS: Partial<Record<ErrorCode, ImportProblem>> = {
  'token-expired': { title: 'This token has expired', advice: `Tokens work for seven days. ${ASK}`, appearance: 'warning' },
  'token-used': { title: 'This token has been used already', advice: `A token pairs two spaces once. If this space is not paired yet, ${ASK.charAt(0).toLowerCase()}${ASK.slice(1)}`, appearance: 'warning' },
  'token-revoked': { title: 'This token was replaced', advice: 'A newer token was issued for its sync, or the sync was deleted. Ask the source space’s admin for the current one.', appearance: 'warning' },
  'token-not-a-token': { title: 'That is not a Space Sync token', advice: 'Choose the .spacesync-token file, or paste the token (or the whole email it came in).', appearance: 'error' },
  'token-tampered': { title: 'This token has been altered', advice: 'Do not use it. Ask the source space’s admin for a new one, over a channel you trust.', appearance: 'error' },
  'token-not-this-site': { title: 'This token is not what it says', appearance: 'error' },
  'token-wrong-app': { title: 'This token is for another Space Sync', appearance: 'error' },
  'token-same-space': { title: 'This token comes from this space', appearance: 'warning' },
  'already-paired': { title: 'Already paired', appearance: 'warning' },
  'source-unreachable': { title: 'The source site did not answer', appearance: 'warning' },
  'source-refused': { title: 'The source did not accept this token', advice: ASK, appearance: 'warning' },
  'peer-version': { title: 'The other space runs another version of Space Sync', appearance: 'warning' },
};
