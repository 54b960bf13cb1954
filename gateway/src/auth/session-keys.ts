import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, type CryptoKey } from 'jose';

const ALG = 'EdDSA';

export interface KeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** The key pair staff session tokens are signed with, in `dir` (created on first start). */
export async function loadOrCreateSessionKeys(dir: string): Promise<KeyPair> {
  const privPath = join(dir, 'session-private.pem');
  const pubPath = join(dir, 'session-public.pem');
  if (!existsSync(privPath) || !existsSync(pubPath)) {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(privPath, await exportPKCS8(privateKey), { mode: 0o600 });
    writeFileSync(pubPath, await exportSPKI(publicKey));
  }
  return {
    privateKey: await importPKCS8(readFileSync(privPath, 'utf8'), ALG),
    publicKey: await importSPKI(readFileSync(pubPath, 'utf8'), ALG),
  };
}
