/** The handlers manifest.yml names, and nothing else. */
export { uiResolver } from './entry/ui-resolver';
export { onContentEvent } from './entry/content-events';
export { peerInbox } from './entry/peer-inbox';
export { outboundWorker, inboundWorker } from './entry/workers';
export { reconcile } from './entry/reconcile';
export { dailyDigest } from './entry/daily-digest';
