/** Space keys and home pages rarely change: kept in KVS for an hour, so each apply need not ask Confluence. */
import { kvs } from './kvs-client';

export interface SpaceInfo {
  key: string;
  homepageId: string;
}

const TTL = { value: 1, unit: 'HOURS' } as const;

export const spaceInfoCache = {
  get: (spaceId: string) => kvs.get<SpaceInfo>(`space-info:${spaceId}`),
  put: (spaceId: string, info: SpaceInfo) => kvs.set(`space-info:${spaceId}`, { key: info.key, homepageId: info.homepageId }, { ttl: TTL }),
};
