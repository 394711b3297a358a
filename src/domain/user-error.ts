/**
 * An error whose message is written for the person using the app, with the code the UI acts on
 * (src/contract/errors.ts). The resolver edge turns it into `{code, message}`; anything that is
 * not a UserError reaches the UI only as `internal`.
 */
import type { ErrorCode } from '../contract/errors';

export class UserError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** `invalid-input`: the form field the message is about. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A zod failure as the person reads it: the first issue's message, and the field it names. */
export function inputError(issues: ReadonlyArray<{ message: string; path: ReadonlyArray<PropertyKey> }>, fallback: string): UserError {
  const issue = issues[0];
  const field = typeof issue?.path[0] === 'string' ? issue.path[0] : undefined;
  return new UserError('invalid-input', issue?.message ?? fallback, field);
}
