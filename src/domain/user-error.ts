/** An error whose message is written for the person using the app; the UI shows it as is. */
export class UserError extends Error {}
