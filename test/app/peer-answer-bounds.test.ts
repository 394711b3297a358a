import { AnswerTooLarge, boundedText } from '../../src/platform/peer-transport';

describe('reading a peer’s answer', () => {
  it('reads an answer within the bound, and stops at the first byte past it', async () => {
    expect(await boundedText(new Response('{"ok":true}'), 11)).toBe('{"ok":true}');
    await expect(boundedText(new Response('{"ok":true} '), 11)).rejects.toBeInstanceOf(AnswerTooLarge);
  });

  it('holds an answer without a stream to the same bound', async () => {
    const bodiless = (text: string) => ({ body: null, arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer });
    expect(await boundedText(bodiless('é'), 2)).toBe('é');
    await expect(boundedText(bodiless('éé'), 3)).rejects.toBeInstanceOf(AnswerTooLarge);
  });
});
