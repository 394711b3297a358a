/** The shell's addresses, and the links to them, in one place (each page module imports them from here). */
export const SPACE_PATH = '/sandbox/space';
export const EDIT_PATH = '/sandbox/edit';
export const FILE_PATH = '/sandbox/file';
export const OPEN_PATH = '/sandbox/open';
export const CONTENT_ACTION_PATH = '/sandbox/content-action';
export const GO_PATH = '/sandbox/go';

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** A space page as a user: `page` is a content id, `new` or `new-folder`; no page is the space's overview. */
export const spaceUrl = (cloudId: string, spaceKey: string, accountId: string, extra: Record<string, string> = {}) => `${SPACE_PATH}?${query({ site: cloudId, space: spaceKey, user: accountId, ...extra })}`;

export const fileUrl = (cloudId: string, spaceKey: string, accountId: string, fileId: string) => `${FILE_PATH}?${query({ site: cloudId, space: spaceKey, user: accountId, id: fileId })}`;

/** The app's content action for a page, in a fresh render session (the modal's frame). */
export const contentActionUrl = (cloudId: string, spaceKey: string, accountId: string, contentId: string) => `${CONTENT_ACTION_PATH}?${query({ site: cloudId, space: spaceKey, user: accountId, page: contentId })}`;

/** Space settings → Space Sync, or Confluence administration → Space Sync with `module: 'global'`. */
export const openUrl = (params: Record<string, string>) => `${OPEN_PATH}?${query(params)}`;

/** An address on an emulated site (absolute, or site-relative with the site it was on), opened in the sandbox. */
export const goUrl = (url: string, fromCloudId?: string) => `${GO_PATH}?${query({ url, ...(fromCloudId ? { site: fromCloudId } : {}) })}`;
