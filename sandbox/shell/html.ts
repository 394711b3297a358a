/** HTML helpers for the sandbox shell: every interpolated value is escaped. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A tagged template that escapes its values; nest with `raw()` for trusted fragments. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, s, i) => {
    const v = values[i - 1];
    const text = v instanceof Raw ? v.value : Array.isArray(v) ? v.map((x) => (x instanceof Raw ? x.value : escapeHtml(x))).join('') : escapeHtml(v);
    return out + text + s;
  });
}

export class Raw {
  constructor(readonly value: string) {}
}

export const raw = (value: string) => new Raw(value);

export function page(title: string, body: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="icon" href="data:,"><!-- no favicon: without this the browser asks for /favicon.ico and logs a 404 -->
<style>
  body { font-family: -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #172b4d; }
  header { background: #0c66e4; color: white; padding: 12px 24px; font-weight: 600; }
  main { padding: 24px; }
  a { color: #0c66e4; }
  iframe { width: 100%; height: 80vh; border: 1px solid #dfe1e6; border-radius: 4px; }
  .site { margin-bottom: 24px; }
  .space { display: grid; grid-template-columns: 260px 1fr; gap: 24px; }
  nav ul { padding-left: 16px; } nav a[aria-current] { font-weight: 700; }
  .title { display: flex; align-items: center; gap: 12px; }
  .menu summary { cursor: pointer; list-style: none; padding: 2px 8px; border: 1px solid #dfe1e6; border-radius: 4px; }
  .menu a { display: block; padding: 4px 8px; }
  .dialog { border: 1px solid #dfe1e6; border-radius: 4px; padding: 8px; margin: 12px 0; box-shadow: 0 4px 12px rgba(9,30,66,.25); }
  .dialog iframe { height: 60vh; }
  .mail-client { max-width: 720px; margin: 12px 0; border: 1px solid #dfe1e6; border-radius: 4px; padding: 8px; box-shadow: 0 4px 12px rgba(9,30,66,.25); }
  .mail-client iframe { height: 70vh; }
  .mail pre { white-space: pre-wrap; word-break: break-all; }
  .editor { display: grid; gap: 8px; max-width: 640px; margin: 16px 0; }
  .editor label { display: grid; gap: 4px; }
  .meta { color: #626f86; } .error { color: #ae2e24; }
  .node-title { font-style: italic; }
  mark.inline-comment { background: #fff0b3; border-bottom: 2px solid #f5cd47; }
  mark.inline-comment.resolved, mark.inline-comment.dangling { background: none; border: 0; }
  .macro { border: 1px solid #dfe1e6; border-radius: 4px; padding: 4px 8px; margin: 8px 0; background: #f7f8f9; }
  .macro-name { display: block; font-size: 12px; color: #626f86; }
</style></head>
<body><header>Space Sync sandbox</header><main>${raw(body)}</main></body></html>`;
}
