import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SUBGRAPHS } from './config';
import { ContextSigner } from './context-token';

/**
 * The keys that sign the gateway's context tokens: one per audience (each subgraph, and the
 * governance subgraph the gateway hosts), all derived from one secret only the gateway holds.
 *
 * Why a key per audience and HMAC rather than one Ed25519 key pair: a subgraph holds only its
 * own key, so a subgraph that leaks its key (or is taken over) can mint tokens for itself alone,
 * which its attacker already controls; it can never speak for the gateway to another subgraph,
 * nor to the gateway itself, whose internal API takes only tokens carrying the gateway's seal (a
 * second MAC under a key no file holds, see context-token.ts). That is what the asymmetric pair
 * gave, at a price: an Ed25519 verification per subgraph fetch
 * was a fifth of each subgraph's CPU, and interleaved runs of the clinician person query measured
 * a third less CPU across the stack with HMAC-SHA256. The cost moves to operations: each
 * subgraph's key is a secret to provision (`npm start` and the seed write them; docker-compose
 * hands each subgraph its own volume), where a public key could have been fetched.
 */
export interface ContextKey {
  /** Goes in each token's `kid`, so a subgraph given the wrong key can say so. */
  id: string;
  secret: Buffer;
}

/** The key a token for this audience is signed and checked with; undefined when this holder has none. */
export type ContextKeyring = (audience: string) => ContextKey | undefined;

const SALT = 'care-gateway context tokens v1';
const SECRET_FILE = 'context-secret';

const keyId = (secret: Buffer): string =>
  createHash('sha256').update('care-context-kid').update(secret).digest('base64url').slice(0, 12);

export const contextKeyOf = (secret: Buffer): ContextKey => ({ id: keyId(secret), secret });

/** Where `npm start` and the seed put a subgraph's key, beside the gateway's secret. */
export const contextKeyFile = (keysDir: string, audience: string): string =>
  join(keysDir, `context-${audience}.key`);

interface KeyFile {
  audience: string;
  key: string;
}

function writeKeyFile(file: string, audience: string, key: ContextKey): void {
  const body = `${JSON.stringify({ audience, key: key.secret.toString('base64url') } satisfies KeyFile)}\n`;
  if (existsSync(file) && readFileSync(file, 'utf8') === body) {
    chmodSync(file, 0o600);
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  // Written aside and renamed, so a subgraph starting meanwhile never reads half a key, and
  // owner-only whatever mode an older file had.
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, body, { mode: 0o600 });
  renameSync(aside, file);
}

/** The gateway's keys: every audience's key, derived on demand from its secret. */
export class ContextKeys {
  private readonly keys = new Map<string, ContextKey>();

  /**
   * Seals every token the gateway issues (see context-token.ts): derived like the audience keys
   * but under its own label, so no audience's key reveals it, and never written to a file.
   */
  readonly seal: ContextKey;

  private constructor(private readonly secret: Buffer) {
    this.seal = contextKeyOf(Buffer.from(hkdfSync('sha256', secret, SALT, 'seal:gateway', 32)));
  }

  /** The gateway's signer: tokens for every audience, sealed. */
  signer(): ContextSigner {
    return new ContextSigner(this.ring, this.seal);
  }

  /** A fresh secret held in memory (tests, benchmarks). */
  static generate(): ContextKeys {
    return new ContextKeys(randomBytes(32));
  }

  /**
   * The secret in `keysDir` (created on first start, readable by its owner only), with every
   * subgraph's key written beside it for the subgraphs of this machine to read, and also under
   * `exportDir/<subgraph>/context.key` when given (the deployment's per-subgraph volumes).
   */
  static loadOrCreate(keysDir: string, exportDir?: string): ContextKeys {
    const file = join(keysDir, SECRET_FILE);
    if (!existsSync(file)) {
      mkdirSync(keysDir, { recursive: true });
      try {
        writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (e) {
        // Another process (a second gateway replica, npm start) created it first: use theirs.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    if (secret.length < 32) throw new Error(`${file} must hold at least 32 bytes (base64url)`);
    const keys = new ContextKeys(secret);
    for (const name of SUBGRAPHS) {
      writeKeyFile(contextKeyFile(keysDir, name), name, keys.keyFor(name));
      if (exportDir) writeKeyFile(join(exportDir, name, 'context.key'), name, keys.keyFor(name));
    }
    return keys;
  }

  keyFor(audience: string): ContextKey {
    let key = this.keys.get(audience);
    if (!key) {
      key = contextKeyOf(Buffer.from(hkdfSync('sha256', this.secret, SALT, `audience:${audience}`, 32)));
      this.keys.set(audience, key);
    }
    return key;
  }

  /** Every audience's key: what the gateway checks the tokens subgraphs present to it with. */
  readonly ring: ContextKeyring = (audience) => this.keyFor(audience);
}

/** A subgraph's keyring: its own key, for its own name, and nothing else. */
export function subgraphKeyring(audience: string, key: ContextKey): ContextKeyring {
  return (a) => (a === audience ? key : undefined);
}

/** A subgraph's key from the file written for it; refuses a file written for another subgraph. */
export function loadContextKey(file: string, audience: string): ContextKey {
  if (!existsSync(file)) {
    throw new Error(
      `No context key at ${file}: start the stack with npm start (or run the seed), or set CONTEXT_KEY_FILE`,
    );
  }
  let parsed: Partial<KeyFile>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<KeyFile>;
  } catch {
    throw new Error(`${file} is not a context key file (JSON with audience and key): provision it again`);
  }
  if (parsed.audience !== audience) {
    throw new Error(`${file} holds the context key of ${String(parsed.audience)}, not of ${audience}`);
  }
  const secret = Buffer.from(String(parsed.key ?? ''), 'base64url');
  if (secret.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
  return contextKeyOf(secret);
}
