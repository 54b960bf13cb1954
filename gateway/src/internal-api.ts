import {
  CONTEXT_HEADER,
  express,
  SUBGRAPHS,
  isCalendarDate,
  isValidNhsNumber,
  verifyContextClaims,
  type ContextKey,
  type ContextKeyring,
  RECORD_SOURCES,
  SOURCE_OF_SUBGRAPH,
  type PersonRegistration,
  type RecordSource,
} from '@care/common';
import type { ErrorRequestHandler, Router } from 'express';
import { factsFor } from './governance/facts-service';
import type { PersonIndex } from './governance/person-index';
import type { PolicyService } from './governance/policy-service';
import type { GovernanceStore } from './governance/store';

/**
 * What subgraphs ask the gateway for while serving a request: the policy in force and the
 * governance facts of the people they return. Authorised by the request's own signed context,
 * which must carry the gateway's seal: a subgraph's own key cannot make one (context-token.ts).
 */
export function internalApi(deps: {
  store: GovernanceStore;
  policy: PolicyService;
  index: PersonIndex;
  contextKeys: ContextKeyring;
  seal: ContextKey;
  clock: () => Date;
}): Router {
  const router = express.Router();
  router.use(express.json({ limit: '512kb' }));
  router.use(async (req, res, next) => {
    try {
      const { audience } = verifyContextClaims(req.header(CONTEXT_HEADER), deps.contextKeys, {
        audience: [...SUBGRAPHS, 'governance'],
        sealedBy: deps.seal,
      });
      res.locals.audience = audience;
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
  router.post('/person-index', async (req, res) => {
    const { entries, queue } = req.body as { entries?: unknown; queue?: unknown };
    if (!Array.isArray(entries) || entries.length > 5000 || !entries.every(isRegistration)) {
      res.status(400).json({ error: 'entries: up to 5000 person registrations' });
      return;
    }
    // Not queueing an unmatched record is for a transfer import, which undoes it itself (one
    // social care record at a time); every other registration leaves unmatched records for an admin.
    if (
      queue !== undefined &&
      (typeof queue !== 'boolean' ||
        (queue === false && (res.locals.audience !== 'social-care' || entries.length !== 1)))
    ) {
      res.status(400).json({ error: 'queue: true, or false for one social care registration' });
      return;
    }
    const own = (SOURCE_OF_SUBGRAPH as Record<string, RecordSource | undefined>)[String(res.locals.audience)];
    if (!entries.every((e) => e.source === own)) {
      res
        .status(403)
        .json({ error: `a ${String(res.locals.audience)} context registers ${own ?? 'no'} records only` });
      return;
    }
    res.json(await deps.index.register(entries, deps.clock(), { queue: queue !== false }));
  });
  // An undone transfer import takes back the link its record may have made: social care only, and
  // only a link that still names that record for that borough (see PersonIndex.unlink).
  router.post('/person-index/unlink', async (req, res) => {
    const { nhsNumber, localId, borough } = req.body as Record<string, unknown>;
    const id = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 100;
    if (typeof nhsNumber !== 'string' || !isValidNhsNumber(nhsNumber) || !id(localId) || !id(borough)) {
      res.status(400).json({
        error:
          'nhsNumber: a valid NHS number; localId: the record it linked; borough: the borough it gave the person to',
      });
      return;
    }
    if (res.locals.audience !== 'social-care') {
      res.status(403).json({ error: `a ${String(res.locals.audience)} context unlinks no records` });
      return;
    }
    res.json({ unlinked: await deps.index.unlink({ nhsNumber, localId, borough }) });
  });
  // Express's own answer to a body it cannot read is an HTML page quoting the parser's message.
  router.use(((err, _req, res, _next) => {
    const status =
      typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    res.status(status).json({
      error: status === 413 ? 'body too large' : status < 500 ? 'body must be JSON' : 'internal error',
    });
  }) as ErrorRequestHandler);
  return router;
}

const SOURCES = new Set<string>(RECORD_SOURCES);
const str = (v: unknown) => typeof v === 'string' && v.length <= 200;
const optStr = (v: unknown) => v === undefined || v === null || str(v);

function isRegistration(v: unknown): v is PersonRegistration {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return (
    SOURCES.has(String(r.source)) &&
    optStr(r.nhsNumber) &&
    optStr(r.localId) &&
    str(r.givenName) &&
    str(r.familyName) &&
    typeof r.dateOfBirth === 'string' &&
    // As the source system holds it (a FHIR birth date may be any year): the calendar only.
    isCalendarDate(r.dateOfBirth, { first: 1, last: 9999 }) &&
    optStr(r.postcode) &&
    optStr(r.gpPractice) &&
    optStr(r.borough) &&
    optStr(r.councilArea)
  );
}
