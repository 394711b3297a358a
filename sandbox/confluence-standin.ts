/**
 * A placeholder Confluence site until the emulator exists: it knows the current user and
 * answers every other REST request with 501, so nothing pretends to work that does not.
 */
import type { ProductBackend, ProductRequest } from './forge-host/product-backend';

export class ConfluenceStandIn implements ProductBackend {
  async request(req: ProductRequest): Promise<Response> {
    if (req.method === 'GET' && req.path === '/wiki/rest/api/user/current') {
      const accountId = req.as.kind === 'user' ? req.as.accountId : 'app-user';
      return Response.json({ accountId, accountType: req.as.kind === 'app' ? 'app' : 'atlassian' });
    }
    return Response.json({ message: 'The Confluence emulator does not serve this request yet' }, { status: 501 });
  }
}
