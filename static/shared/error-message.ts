/** A message fit to show a user: the backend's own text, never a stack trace. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const firstLine = message.split('\n')[0].trim();
  return firstLine || 'Something went wrong. Try again, and contact your Confluence admin if it keeps happening.';
}
