import { renderStorage } from '../../sandbox/shell/storage-view';

describe("the shell's reading of a storage body", () => {
  const view = (body: string, markers = new Map()) => renderStorage(body, { markers, pageLink: (t) => (t === 'Code review' ? '/p?page=7' : undefined) });

  it('highlights the text an open inline comment is on, and not a resolved one', () => {
    const body = '<p>Run <ac:inline-comment-marker ac:ref="a1">npm ci</ac:inline-comment-marker> and <ac:inline-comment-marker ac:ref="b2">test</ac:inline-comment-marker>.</p>';
    const out = view(body, new Map([['a1', { resolution: 'open' }], ['b2', { resolution: 'resolved' }]]));
    expect(out).toBe('<p>Run <mark class="inline-comment open" data-comment-ref="a1" title="Inline comment">npm ci</mark> and <mark class="inline-comment resolved" data-comment-ref="b2" title="Resolved inline comment">test</mark>.</p>');
  });

  it('shows macros as labelled boxes, code as code, and page links by title', () => {
    const out = view('<p>See <ac:link><ri:page ri:content-title="Code review" /></ac:link>.</p><ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[a && b <c>]]></ac:plain-text-body></ac:structured-macro>');
    expect(out).toBe('<p>See <a href="/p?page=7">Code review</a>.</p><div class="macro" data-macro="code"><span class="macro-name">code macro</span><pre>a &amp;&amp; b &lt;c&gt;</pre></div>');
  });

  it('writes no tag or attribute of the body’s own: script and handlers stay text or go', () => {
    const out = view('<p onclick="x()">Hi <img src=x onerror=alert(1)> <script>alert(2)</script><a href="javascript:alert(3)">link</a> &amp; 1 < 2</p>');
    expect(out).toBe('<p>Hi  link &amp; 1 &lt; 2</p>');
  });
});
