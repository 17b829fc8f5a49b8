import type { CampaignCore } from '../core/index.ts';
import type { RequestHandler } from './http-server.ts';

const PREFIX = '/api/receipts';

/**
 * `GET /api/receipts/<code>`: is this receipt in the latest snapshot, with
 * the inclusion proof anyone can check against the printed fingerprint (see
 * the README). `GET /api/receipts` gives the latest root alone. Nothing
 * personal is answered: no name, no country, no date.
 */
export function receiptsHandler(core: CampaignCore): RequestHandler {
  return async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'access-control-allow-origin': '*',
      });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = (req.url ?? '').split('?')[0]!;
    const rest = path === PREFIX || path === `${PREFIX}/` ? '' : path.slice(PREFIX.length + 1);
    if (rest === '') {
      const snapshot = await core.snapshots.latest();
      if (!snapshot) return send(404, { error: 'no-snapshot', message: 'No snapshot of the signatures has been frozen yet.' });
      return send(200, {
        root: snapshot.merkleRoot,
        treeSize: snapshot.total,
        leafVersion: snapshot.leafVersion,
        frozenAt: snapshot.frozenAt.toISOString(),
        final: snapshot.final,
        usage: `GET ${PREFIX}/<receipt code>`,
      });
    }
    let code: string;
    try {
      code = decodeURIComponent(rest);
    } catch {
      return send(400, { error: 'invalid-code', message: 'A receipt code looks like 7K2M-Q9XD-4RTB-W1HZ.' });
    }
    const check = await core.snapshots.checkReceipt(code);
    if (check.status === 'invalid') return send(400, { error: 'invalid-code', message: 'A receipt code looks like 7K2M-Q9XD-4RTB-W1HZ.' });
    if (check.status === 'no-snapshot') return send(404, { error: 'no-snapshot', message: 'No snapshot of the signatures has been frozen yet.' });
    return send(200, {
      included: check.included,
      root: check.root,
      leafIndex: check.leafIndex,
      leaf: check.leaf,
      proof: check.proof,
      treeSize: check.treeSize,
      leafVersion: check.leafVersion,
      frozenAt: check.frozenAt.toISOString(),
      final: check.final,
    });
  };
}
