import { CONTEXT_HEADER, express, SUBGRAPHS, verifyContextToken, type VerifyKey } from '@care/common';
import type { Router } from 'express';
import { factsFor } from './governance/facts-service';
import type { PolicyService } from './governance/policy-service';
import type { GovernanceStore } from './governance/store';

/**
 * What subgraphs ask the gateway for while serving a request: the policy in force and the
 * governance facts of the people they return. Authorised by the request's own signed context.
 */
export function internalApi(deps: {
  store: GovernanceStore;
  policy: PolicyService;
  verifyKey: VerifyKey;
  clock: () => Date;
}): Router {
  const router = express.Router();
  router.use(express.json({ limit: '512kb' }));
  router.use(async (req, res, next) => {
    try {
      await verifyContextToken(req.header(CONTEXT_HEADER), deps.verifyKey, {
        audience: [...SUBGRAPHS, 'governance'],
      });
      next();
    } catch {
      res.status(401).json({ error: 'signed context required' });
    }
  });
  router.post('/policy', async (req, res) => {
    const { version, draft } = req.body as { version?: unknown; draft?: unknown };
    if (typeof version !== 'number' || (draft != null && typeof draft !== 'string')) {
      res.status(400).json({ error: 'version (number) and optional draft (string) required' });
      return;
    }
    try {
      res.json(await deps.policy.document(version, (draft as string | null) ?? null, deps.clock()));
    } catch {
      res.status(404).json({ error: 'no such policy' });
    }
  });
  router.post('/facts', async (req, res) => {
    const { nhsNumbers } = req.body as { nhsNumbers?: unknown };
    if (
      !Array.isArray(nhsNumbers) ||
      nhsNumbers.length > 5000 ||
      !nhsNumbers.every((n) => typeof n === 'string')
    ) {
      res.status(400).json({ error: 'nhsNumbers: up to 5000 strings' });
      return;
    }
    res.json(await factsFor(deps.store, nhsNumbers as string[], deps.clock()));
  });
  return router;
}
