/** v2 reads of labels and attachments, attachment deletes, and content properties. */
import type { Content } from '../model';
import { notFound } from '../api-error';
import { labelParts } from '../labels';
import { attachmentJson, attachmentNumber, labelJson, propertyJson } from './representations';
import { bool, ok, type RestCall, type RestHandler } from './rest-call';

/** An archived page's parts stay readable, as the page does (INFERRED from confluence-real row 19). */
const READABLE = ['current', 'archived'];

const labelsOf = (type: 'page' | 'blogpost' | 'attachment'): RestHandler => (call) => {
  const content = call.site.visible(call.actor, call.params.id, [type], READABLE);
  const prefix = call.query.get('prefix');
  const names = [...content.labels].filter((key) => !prefix || labelParts(key).prefix === prefix).sort();
  const page = call.paginate(names);
  return ok({ results: page.results.map((n) => labelJson(content, n)), _links: page._links }, page.results.length);
};

const attachmentsOf = (type: 'page' | 'blogpost'): RestHandler => (call) => {
  const container = call.site.visible(call.actor, call.params.id, [type], READABLE);
  const filename = call.query.get('filename');
  const mediaType = call.query.get('mediaType');
  const items = call.site.contents
    .inContainer(container.id)
    .filter((c) => c.type === 'attachment' && c.status === 'current' && (!filename || c.title === filename) && (!mediaType || c.attachment?.mediaType === mediaType));
  const page = call.paginate(items.sort((a, b) => Number(attachmentNumber(a.id)) - Number(attachmentNumber(b.id))));
  return ok({ results: page.results.map((a) => attachmentJson(call.site, a, { row: true })), _links: page._links }, page.results.length);
};

const attachmentIdOf = (param: string) => `att${attachmentNumber(param)}`;

function propertiesOf(call: RestCall, content: Content) {
  const key = call.query.get('key');
  const props = call.site.properties.of(content.id).filter((p) => !key || p.key === key);
  const page = call.paginate(props.sort((a, b) => Number(a.id) - Number(b.id)));
  return ok({ results: page.results.map(propertyJson), _links: page._links }, page.results.length);
}

const propertyHandlers = (type: 'page' | 'blogpost', idParam: string): Record<string, RestHandler> => {
  const name = type === 'page' ? 'Page' : 'Blogpost';
  return {
    [`get${name}ContentProperties`]: (call) => propertiesOf(call, call.site.visible(call.actor, call.params[idParam], [type], READABLE)),
    [`create${name}Property`]: (call) => {
      const content = call.site.visible(call.actor, call.params[idParam], [type]);
      return ok(propertyJson(call.site.setProperty(call.actor, content.id, call.body.key, call.body.value)));
    },
    [`update${name}PropertyById`]: (call) => {
      const content = call.site.visible(call.actor, call.params[idParam], [type]);
      const existing = call.site.properties.get(call.params['property-id']);
      if (!existing || existing.contentId !== content.id) throw notFound('Property');
      return ok(propertyJson(call.site.setProperty(call.actor, content.id, existing.key, call.body.value, call.body.version?.number)));
    },
    /** v2.json: 204 on success. */
    [`delete${name}PropertyById`]: (call) => {
      call.site.deleteProperty(call.actor, call.params[idParam], call.params['property-id']);
      return { status: 204 };
    },
  };
};

export const contentPartHandlers: Record<string, RestHandler> = {
  getPageLabels: labelsOf('page'),
  getBlogPostLabels: labelsOf('blogpost'),
  getAttachmentLabels: labelsOf('attachment'),
  getPageAttachments: attachmentsOf('page'),
  getBlogpostAttachments: attachmentsOf('blogpost'),
  /** GET takes `(att)?[0-9]+`, DELETE an int64 (v2.json; confluence-real S15): both name `att<n>`. */
  getAttachmentById: (call) => ok(attachmentJson(call.site, call.site.visible(call.actor, attachmentIdOf(call.params.id), ['attachment']))),
  deleteAttachment(call) {
    call.site.deleteAttachment(call.actor, attachmentIdOf(call.params.id), bool(call.query, 'purge'));
    return { status: 204 };
  },
  ...propertyHandlers('page', 'page-id'),
  ...propertyHandlers('blogpost', 'blogpost-id'),
};
