import { retriedWhileBusy, retryingWhileBusy, STORAGE_WAITS_MS } from '../../src/platform/kvs-client';
import { kvsBusy as busy, kvsError } from '../support/kvs-errors';

const other = () => kvsError(409, 'KEY_ALREADY_EXISTS', '/api/v1/set');

describe('the app’s KVS client', () => {
  const waited: number[] = [];
  const wait = async (ms: number) => void waited.push(ms);
  beforeEach(() => (waited.length = 0));

  it('sends a request refused for the rate again after each wait, and answers what the first try that went through answered', async () => {
    let tries = 0;
    const send = async () => {
      tries++;
      if (tries < 3) throw busy();
      return 'value';
    };
    expect(await retriedWhileBusy(send(), send, wait)).toBe('value');
    expect(tries).toBe(3);
    expect(waited).toHaveLength(2);
    for (const [i, ms] of waited.entries()) {
      expect(ms).toBeGreaterThanOrEqual(STORAGE_WAITS_MS[i]);
      expect(ms).toBeLessThanOrEqual(STORAGE_WAITS_MS[i] * 1.5);
    }
  });

  it('gives up after the last wait with the refusal, and never sends again what failed for another reason', async () => {
    let tries = 0;
    const refused = async () => {
      tries++;
      throw busy();
    };
    await expect(retriedWhileBusy(refused(), refused, wait)).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
    expect(tries).toBe(STORAGE_WAITS_MS.length + 1);
    tries = 0;
    const collision = async () => {
      tries++;
      throw other();
    };
    await expect(retriedWhileBusy(collision(), collision, wait)).rejects.toMatchObject({ code: 'KEY_ALREADY_EXISTS' });
    expect(tries).toBe(1);
  });

  it('retries the terminal call of a builder chain, with the chain as it was built', async () => {
    const sent: string[] = [];
    let refusals = 1;
    class Query {
      constructor(private readonly parts: string[] = []) {}
      where(part: string) {
        return new Query([...this.parts, part]);
      }
      async getMany() {
        sent.push(this.parts.join('&'));
        if (refusals-- > 0) throw busy();
        return { results: this.parts };
      }
    }
    const store = retryingWhileBusy({ query: () => new Query(), version: 2 }, wait);
    expect(store.version).toBe(2);
    expect(await store.query().where('a').where('b').getMany()).toEqual({ results: ['a', 'b'] });
    expect(sent).toEqual(['a&b', 'a&b']);
  });
});
