/**
 * npm run audit:verify — walks the governance audit chain and reports the first broken link.
 * Reads the store the gateway writes (embedded by default, MongoDB when MONGODB_URI is set).
 */
import { dataDir, env, openStore } from '@care/common';
import { AuditLog } from '../gateway/src/audit/log';
import { GovernanceStore } from '../gateway/src/governance/store';

async function main() {
  const store = await openStore({
    mongodbUri: env.optional('MONGODB_URI'),
    dataDir: dataDir(),
    database: 'governance',
  });
  const result = await new AuditLog(new GovernanceStore(store).audit).verify();
  await store.close();
  if (result.ok) {
    console.log(`audit chain intact: ${result.checked} records verified`);
    return;
  }
  console.error(
    `audit chain BROKEN at record ${result.firstBroken?.seq}: ${result.firstBroken?.reason} (${result.checked} records before it verified)`,
  );
  process.exit(2);
}

main().catch((e: Error) => {
  console.error(`audit verify failed: ${e.message}`);
  process.exit(1);
});
