/**
 * The sandbox editor: plain forms that stand in for Confluence's editor and its comment boxes
 * (the page body is edited as storage format). Every form posts to page-edits.ts, which makes
 * the change on the emulated site as the chosen user.
 */
import type { Content } from '../confluence/model';
import { html, raw } from './html';
import { EDIT_PATH } from './shell-paths';
import { hiddenFields, isNode, nodeLabel, type Where } from './space-context';

/**
 * The parent choice: any page or folder (or other node) of the tree but the page itself and what
 * is under it, so a page can be put in a folder. "(top level)" keeps a page where it is.
 */
function parentOptions(w: Where, all: Content[], c?: Content): string {
  const under = new Set(c ? w.site.descendants(c.id).map((d) => d.id) : []);
  const parents = all.filter((p) => p.type !== 'blogpost' && p.id !== c?.id && !under.has(p.id));
  return html`<select name="parent"><option value="">(top level)</option>${parents.map((p) => raw(html`<option value="${p.id}"${raw(p.id === c?.parentId ? ' selected' : '')}>${isNode(p) ? nodeLabel(p) : p.title}</option>`))}</select>`;
}

/** The edit form for a page, or a new page's form when there is none. */
export function editor(w: Where, all: Content[], c?: Content): string {
  const parentSelect = html`<label>Parent ${raw(parentOptions(w, all, c))}</label>`;
  return html`<form method="post" action="${EDIT_PATH}" class="form" id="edit">${raw(hiddenFields(w, c?.id))}<h2>${c ? 'Edit this page' : 'Create a page'}</h2>
<label>Title <input name="title" required value="${c?.title ?? ''}"></label>
<label>Body (storage format) <textarea name="body" rows="6">${c?.body ?? '<p></p>'}</textarea></label>
${raw(c?.type === 'blogpost' ? '' : parentSelect)}
<label>Labels (comma-separated) <input name="labels" value="${c ? [...c.labels].sort().join(', ') : ''}"></label>
<div class="actions"><button class="primary" name="op" value="${c ? 'save' : 'create'}">${c ? 'Save' : 'Create'}</button></div></form>`;
}

/**
 * Adding an inline comment, as Confluence does on selected text: select text in the body and
 * choose Comment (inline-comments.js fills in the text and which occurrence it is), or type the
 * text here. The site anchors it on that occurrence of the text (`textSelection`,
 * `textSelectionMatchIndex`), as the v2 API's inline-comment create does.
 */
function inlineCommentForm(w: Where, c: Content): string {
  return html`<form method="post" action="${EDIT_PATH}" class="form" id="add-inline-comment">${raw(hiddenFields(w, c.id))}<h3>Add an inline comment</h3>
<label>Text on the page <input name="selection" required><span class="helper">Or select text in the page and choose Comment.</span></label>
<label>Occurrence <input type="number" name="occurrence" min="1" value="1"><span class="helper">Which time the text appears, when it appears more than once.</span></label>
<label>Inline comment <textarea name="comment" rows="2" required></textarea></label>
<div class="actions"><button class="primary" name="op" value="inline-comment">Add inline comment</button></div></form>`;
}

/** Everything the sandbox editor offers on a page, below it. */
export function pageEditing(w: Where, all: Content[], c: Content): string {
  return html`<div class="editor-panel">${raw(editor(w, all, c))}
<form method="post" action="${EDIT_PATH}" class="form">${raw(hiddenFields(w, c.id))}<h3>Comment</h3><label>Add a comment <textarea name="comment" rows="2"></textarea></label><div class="actions"><button name="op" value="comment">Comment</button></div></form>
${raw(inlineCommentForm(w, c))}
<form method="post" action="${EDIT_PATH}" enctype="multipart/form-data" class="form">${raw(hiddenFields(w, c.id))}<h3>Files</h3><label>Attach a file <input type="file" name="file"></label><div class="actions"><button name="op" value="attach">Upload</button></div></form>
<form method="post" action="${EDIT_PATH}" class="form">${raw(hiddenFields(w, c.id))}<div class="actions"><button class="danger" name="op" value="trash">Move to trash</button></div></form></div>`;
}

/** "New folder": a title and where it goes, as Confluence's "+ → Folder" asks. */
export function folderForm(w: Where, all: Content[], error: string | null): string {
  return html`${raw(error ? html`<p role="alert" class="error">${error}</p>` : '')}<form method="post" action="${EDIT_PATH}" class="form">${raw(hiddenFields(w))}<h2>New folder</h2>
<label>Folder name <input name="title" required></label>
<label>Parent ${raw(parentOptions(w, all))}</label>
<p class="helper">Then choose the folder as a page's parent to put the page in it.</p>
<div class="actions"><button class="primary" name="op" value="folder">Create folder</button></div></form>`;
}
