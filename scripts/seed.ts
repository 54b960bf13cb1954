/**
 * npm run seed -- [--people N] [--seed S] [--today YYYY-MM-DD] [--force]
 * Seeds the synthetic borough into every service's store (embedded by default, MongoDB when
 * MONGODB_URI is set) and writes data/seed-summary.json and data/demo-users.json.
 * Run it with the services stopped: the embedded store belongs to one process at a time.
 */
import { ContextKeys, dataDir, env, openStore, type DocStore } from '@care/common';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedAll, type SeedStores } from './seed-lib';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

export const isSeeded = (dir: string): boolean => existsSync(join(dir, 'seed-summary.json'));

export async function seedCommand(
  opts: { people?: number; seed?: number; today?: string; force?: boolean } = {},
) {
  const dir = dataDir();
  const mongodbUri = env.optional('MONGODB_URI');
  // The context keys, whether or not the data is seeded already: services cannot start without them.
  ContextKeys.loadOrCreate(env.str('KEYS_DIR', join(dir, 'keys')), env.optional('CONTEXT_KEY_EXPORT_DIR'));
  if (isSeeded(dir) && !opts.force) {
    console.log(`${dir} is already seeded (use --force to start again).`);
    return;
  }
  if (opts.force && !mongodbUri) {
    for (const db of ['governance', 'social-care', 'health', 'council'])
      rmSync(join(dir, db), { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const open = (database: string): Promise<DocStore> => openStore({ mongodbUri, dataDir: dir, database });
  const stores: SeedStores = {
    governance: await open('governance'),
    'social-care': await open('social-care'),
    health: await open('health'),
    council: await open('council'),
  };
  const result = await seedAll(stores, {
    people: opts.people,
    seed: opts.seed,
    today: opts.today ?? new Date().toISOString().slice(0, 10),
    totpPeriod: env.int('TOTP_PERIOD', 30, 1),
  });
  await Promise.all(Object.values(stores).map((s) => s.close()));
  writeFileSync(join(dir, 'demo-users.json'), JSON.stringify(result.demoUsers, null, 2));
  writeFileSync(
    join(dir, 'seed-summary.json'),
    JSON.stringify({ counts: result.counts, ...result.summary }, null, 2),
  );
  console.log(
    `Seeded ${result.counts.people} people in ${((Date.now() - started) / 1000).toFixed(1)} s:`,
    result.counts,
  );
}

if (require.main === module) {
  const people = arg('people');
  seedCommand({
    people: people ? Number(people) : undefined,
    seed: arg('seed') ? Number(arg('seed')) : undefined,
    today: arg('today'),
    force: process.argv.includes('--force'),
  }).catch((e: Error) => {
    console.error(`seed failed: ${e.message}`);
    process.exit(1);
  });
}
