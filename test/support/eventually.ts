/** Polls `read` until `check` holds (a browser or the resizer answers a moment later), then asserts it, naming `what` when it never does. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  let value = await read();
  for (let i = 0; i < 50 && !check(value); i++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  expect({ what, value, holds: check(value) }).toEqual({ what, value, holds: true });
  return value;
}
