import { renderStorage, type LinkTarget } from '../../sandbox/shell/storage-view';

describe("the shell's reading of a storage body", () => {
  const targets: LinkTarget[] = [];
  const linkTo = (t: LinkTarget) => {
    targets.push(t);
    if (t.kind === 'page' && t.title === 'Code review' && !t.spaceKey) return '/p?page=7';
    if (t.kind === 'page' && t.title === 'Partners' && t.spaceKey === 'PARTNER') return '/p?page=9';
    if (t.kind === 'file' && t.filename === 'setup.sh') return '/f?id=att1';
    if (t.kind === 'space' && t.spaceKey === 'ENG') return '/s?space=ENG';
    return undefined;
  };
  const href = (url: string) => (url.startsWith('https://acme.atlassian.net/') ? `/go?url=${encodeURIComponent(url)}` : /^(https?:|mailto:|#)/.test(url) ? url : undefined);
  const view = (body: string, markers = new Map()) => renderStorage(body, { markers, linkTo, href, userName: (id) => (id === 'u1' ? 'Ada Admin' : undefined) });

  it('highlights the text an open inline comment is on, described by its card, and not a resolved one', () => {
    const body = '<p>Run <ac:inline-comment-marker ac:ref="a1">npm ci</ac:inline-comment-marker> and <ac:inline-comment-marker ac:ref="b2">test</ac:inline-comment-marker>.</p>';
    const out = view(body, new Map([['a1', { resolution: 'open', describedBy: 'card-a1' }], ['b2', { resolution: 'resolved', describedBy: 'card-b2' }]]));
    expect(out).toBe('<p>Run <mark class="inline-comment open" data-comment-ref="a1" title="Inline comment" aria-describedby="card-a1">npm ci</mark> and <mark class="inline-comment resolved" data-comment-ref="b2" title="Resolved inline comment">test</mark>.</p>');
  });

  it('shows macros as labelled boxes, code as code, and page links by title', () => {
    const out = view('<p>See <ac:link><ri:page ri:content-title="Code review" /></ac:link>.</p><ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[a && b <c>]]></ac:plain-text-body></ac:structured-macro>');
    expect(out).toBe('<p>See <a href="/p?page=7">Code review</a>.</p><div class="macro" data-macro="code"><span class="macro-name">code macro</span><pre>a &amp;&amp; b &lt;c&gt;</pre></div>');
  });

  it('labels a link with its own link body, rich or plain, and follows its space key and anchor', () => {
    expect(view('<ac:link><ri:page ri:content-title="Code review" /><ac:plain-text-link-body><![CDATA[how we <review>]]></ac:plain-text-link-body></ac:link>')).toBe('<a href="/p?page=7">how we &lt;review&gt;</a>');
    expect(view('<ac:link ac:anchor="Rules"><ri:page ri:space-key="PARTNER" ri:content-title="Partners" /><ac:link-body><strong>our</strong> partners</ac:link-body></ac:link>')).toBe('<a href="/p?page=9#Rules"><strong>our</strong> partners</a>');
    expect(targets).toContainEqual({ kind: 'page', title: 'Partners', spaceKey: 'PARTNER' });
  });

  it('links files, spaces and people as Confluence shows them, and marks a link to a page it does not have', () => {
    expect(view('<ac:link><ri:attachment ri:filename="setup.sh" /></ac:link>')).toBe('<a href="/f?id=att1">setup.sh</a>');
    expect(view('<ac:link><ri:attachment ri:filename="x.txt"><ri:page ri:content-title="Other" ri:space-key="ENG" /></ri:attachment></ac:link>')).toBe('<span class="missing-link">x.txt</span>');
    expect(targets).toContainEqual({ kind: 'file', filename: 'x.txt', pageTitle: 'Other', spaceKey: 'ENG' });
    expect(view('<ac:link><ri:space ri:space-key="ENG" /></ac:link>')).toBe('<a href="/s?space=ENG">ENG</a>');
    expect(view('<p>Ask <ac:link><ri:user ri:account-id="u1" /></ac:link></p>')).toBe('<p>Ask <span class="mention">@Ada Admin</span></p>');
    expect(view('<ac:link><ri:page ri:content-title="R&amp;D &lt;notes&gt;" /></ac:link>')).toBe('<span class="missing-link">R&amp;D &lt;notes&gt;</span>');
  });

  it('keeps plain anchors as links, through the sandbox for an emulated site, and drops unsafe ones to their text', () => {
    expect(view('<p><a href="https://acme.atlassian.net/wiki/spaces/ENG/pages/1">the original</a></p>')).toBe(`<p><a href="/go?url=${encodeURIComponent('https://acme.atlassian.net/wiki/spaces/ENG/pages/1')}">the original</a></p>`);
    expect(view('<a href="https://example.com/?a=1&amp;b=2">out</a>')).toBe('<a href="https://example.com/?a=1&amp;b=2">out</a>');
    expect(view('<a href="javascript:alert(1)">x</a> <a href=" data:text/html,hi">y</a>')).toBe('x y');
  });

  it('writes no tag or attribute of the body’s own: script and handlers stay text or go', () => {
    const out = view('<p onclick="x()">Hi <img src=x onerror=alert(1)> <script>alert(2)</script><a href="javascript:alert(3)">link</a> &amp; 1 < 2</p>');
    expect(out).toBe('<p>Hi  link &amp; 1 &lt; 2</p>');
    expect(view('<a href="https://x.example/" onclick="evil()" style="x">a</a>')).toBe('<a href="https://x.example/">a</a>');
    expect(view('<a href="&quot; onmouseover=&quot;alert(1)">q</a>')).toBe('q');
  });
});
