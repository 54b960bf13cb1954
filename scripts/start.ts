/**
 * npm start: seeds the synthetic borough on first run, starts the three subgraphs and the
 * gateway (which serves the web front end), waits until they answer, and prints the URLs.
 */
import { ContextKeys, dataDir, portOf, type ServiceName } from '@care/common';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isSeeded, seedCommand } from './seed';
import { SERVICE_ENTRY, serviceArgs } from './service-process';

const ROOT = resolve(__dirname, '..');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForHealth(url: string, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok && ((await res.json()) as { status?: string }).status === 'ok') return true;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  return false;
}

function buildWeb(): void {
  const web = join(ROOT, 'web');
  const pkg = JSON.parse(readFileSync(join(web, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (!pkg.scripts?.build || process.env.SKIP_WEB_BUILD === '1') return;
  console.log('Building the web front end…');
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '-w', 'web'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) console.error('Web build failed: the API still starts; / shows a placeholder.');
}

async function main() {
  const started = Date.now();
  const dir = dataDir();
  if (!isSeeded(dir)) {
    console.log(`First start: seeding the synthetic borough into ${dir}…`);
    await seedCommand({});
  }
  // Before the services start: each subgraph reads the context key written for it here.
  ContextKeys.loadOrCreate(join(dir, 'keys'));
  if (!existsSync(join(ROOT, 'web', 'dist', 'index.html')) || process.env.WEB_REBUILD === '1') buildWeb();

  const children: ChildProcess[] = [];
  let stopping = false;
  for (const name of Object.keys(SERVICE_ENTRY) as ServiceName[]) {
    const child = spawn(process.execPath, serviceArgs(ROOT, name), {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dir },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code, signal) => {
      if (!stopping) console.error(`${name} exited (${signal ?? code}); the others keep running.`);
    });
    children.push(child);
  }
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const c of children) c.kill(signal);
    setTimeout(() => process.exit(0), 5000).unref();
    Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on('exit', r)))),
    ).then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const gateway = `http://localhost:${portOf('gateway')}`;
  const up = await waitForHealth(`${gateway}/health`, Date.now() + 60_000);
  // The first GraphQL answer through the gateway and a subgraph, with a signed context.
  const firstQuery = up
    ? await fetch(`${gateway}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ me { username } }' }),
      }).then(
        (r) => r.ok,
        () => false,
      )
    : false;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const summary = JSON.parse(readFileSync(join(dir, 'seed-summary.json'), 'utf8')) as {
    counts: { people: number };
  };
  console.log(
    [
      '',
      up && firstQuery
        ? `Care record gateway is up: first query answered ${seconds} s after npm start (${summary.counts.people} synthetic people).`
        : 'Some services did not report healthy within 60 s; see the logs above.',
      `  Web app            ${gateway}/`,
      `  GraphQL            ${gateway}/graphql`,
      `  Health, metrics    ${gateway}/health  ${gateway}/metrics`,
      `  Subgraphs          social care :${portOf('social-care')}  health :${portOf('health')}  council :${portOf('council')} (signed gateway context required)`,
      `  Demo accounts      ${join(dir, 'demo-users.json')} (also in README.md)`,
      `  Sample people      ${join(dir, 'seed-summary.json')}`,
      '',
    ].join('\n'),
  );
}

main().catch((e: Error) => {
  console.error(`start failed: ${e.message}`);
  process.exit(1);
});
