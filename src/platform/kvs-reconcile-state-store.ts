/** When each sync's reconcile last ran (`reconcile-state:<sync>`), kept as long as the sync lives. */
import { kvs } from './kvs-client';
import type { ReconcileStateStore } from '../replication/change-finder';

export const kvsReconcileStateStore: ReconcileStateStore = {
  get: (sync) => kvs.get(`reconcile-state:${sync}`),
  put: (sync, state) => kvs.set(`reconcile-state:${sync}`, state),
};
