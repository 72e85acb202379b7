/**
 * `npm test`: type check (the Electron app too), lint, build, unit tests, integration tests against a real
 * dockerd, then e2e tests in Chromium; ends with one summary line.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkPrerequisites } from './prerequisites.js';

// The tests need root (the root engine, network namespaces, the rootless engine run as the user berth-ci): a user who
// is not root runs the same command and is asked for their password once, by sudo; what the run writes in the checkout
// is handed back to them at the end.
if (process.getuid?.() !== 0 && spawnSync('sudo', ['--version'], { stdio: 'ignore' }).status === 0) {
  console.log('The tests run the root engine and make network namespaces: running them as root, through sudo.');
  const uid = String(process.getuid?.());
  const gid = String(process.getgid?.());
  const asRoot = spawnSync(
    'sudo',
    ['env', `PATH=${process.env.PATH ?? ''}`, `BERTH_TESTS_OWNER=${uid}:${gid}`, process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
    },
  );
  process.exit(asRoot.status ?? 1);
}

const out = join('out', 'test-results');
mkdirSync(out, { recursive: true });

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
/**
 * Tests against real engines that failed once and passed when run again (integration and e2e run each failed test a
 * second time): counted as passed, and named at the end with what went wrong the first time, so they get fixed.
 */
const flaky: string[] = [];

function run(title: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n=== ${title} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

/** Add a vitest JSON report's counts. */
function addVitest(file: string): void {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      testResults?: { name: string; assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[] }[];
    };
    for (const f of r.testResults ?? [])
      for (const a of f.assertionResults ?? [])
        if (a.status === 'passed' && a.failureMessages?.length)
          flaky.push(`${relative(process.cwd(), f.name)} › ${a.fullName}: ${firstLine(a.failureMessages[0]!)}`);
    total.passed += r.numPassedTests;
    total.failed += r.numFailedTests;
    total.skipped += r.numPendingTests + r.numTodoTests;
  } catch {
    total.failed += 1;
  }
}

/** The first line of an error, without terminal colours. */
function firstLine(text: string): string {
  return (
    text
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .find((l) => l.trim()) ?? ''
  )
    .trim()
    .slice(0, 300);
}

/** The parts of Playwright's JSON report that name a test and say whether it passed only on a retry. */
interface PwSuite {
  file?: string;
  specs?: { title: string; file?: string; tests?: { status: string; results?: { error?: { message?: string } }[] }[] }[];
  suites?: PwSuite[];
}

/** Add a Playwright JSON report's counts. */
function addPlaywright(file: string): void {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as { stats: { expected: number; unexpected: number; skipped: number; flaky: number }; suites?: PwSuite[] };
    const walk = (suite: PwSuite) => {
      for (const spec of suite.specs ?? [])
        for (const t of spec.tests ?? [])
          if (t.status === 'flaky') {
            const error = t.results?.find((x) => x.error)?.error?.message ?? '';
            flaky.push(`${spec.file ?? suite.file ?? ''} › ${spec.title}: ${firstLine(error)}`);
          }
      for (const child of suite.suites ?? []) walk(child);
    };
    for (const suite of r.suites ?? []) walk(suite);
    total.passed += r.stats.expected + r.stats.flaky;
    total.failed += r.stats.unexpected;
    total.skipped += r.stats.skipped;
  } catch {
    total.failed += 1;
  }
}

const missing = checkPrerequisites();
if (missing.length) {
  console.error(`Berth's tests need: ${missing.join('; ')}.`);
  process.exit(1);
}

let ok = true;
ok = run('type check', 'npx', ['tsc', '-p', 'tsconfig.json']) && ok;
// The Electron app against Electron's own types (fetched from the registry where npm could not install Electron).
ok = run('type check (Electron app)', 'node', ['--import', 'tsx', 'scripts/typecheck-electron.ts']) && ok;
// ESLint (type-aware) with no warnings allowed; after the Electron app's check, which fetches the types its lint reads.
const linted = run('lint', 'npm', ['run', '--silent', 'lint']);
if (!linted) total.failed += 1;
ok = linted && ok;
// Prettier: every source file as the formatter writes it (\`npm run format\` fixes what this reports).
const formatted = run('format', 'npm', ['run', '--silent', 'format:check']);
if (!formatted) total.failed += 1;
ok = formatted && ok;
ok = run('build', 'node', ['--import', 'tsx', 'scripts/build.ts']) && ok;
const vitest = (name: string, config: string) => {
  const file = join(out, `${name}.json`);
  const passed = run(`${name} tests`, 'npx', ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  addVitest(file);
  return passed;
};
ok = vitest('unit', 'vitest.config.ts') && ok;
ok = vitest('integration', 'vitest.integration.config.ts') && ok;
// The packaged app's resources tree (engine binaries from Debian packages, the VM image, icons) and electron-builder's configuration.
ok = run('resources tree', 'node', ['--import', 'tsx', 'scripts/dist-resources.ts']) && ok;
const resources = spawnSync('node', ['--import', 'tsx', 'scripts/check-resources.ts'], { encoding: 'utf8' });
process.stdout.write(resources.stdout + resources.stderr);
total.passed += (resources.stdout.match(/^ok {3}/gm) ?? []).length;
total.failed += (resources.stdout.match(/^FAIL /gm) ?? []).length + (resources.status !== 0 && !/^FAIL /m.test(resources.stdout) ? 1 : 0);
ok = resources.status === 0 && ok;
const e2eFile = join(out, 'e2e.json');
ok = run('e2e tests (Playwright, Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eFile }) && ok;
addPlaywright(e2eFile);

// Run through sudo for a user who is not root: what the run wrote in the checkout is theirs again.
if (process.env.BERTH_TESTS_OWNER)
  spawnSync('chown', ['-R', process.env.BERTH_TESTS_OWNER, 'out', 'node_modules/.vite', 'node_modules/.vitest'], { stdio: 'ignore' });
if (flaky.length) {
  console.log(`\n${flaky.length} test${flaky.length === 1 ? '' : 's'} passed only when run a second time (counted as passed; fix them):`);
  for (const f of flaky) console.log(`  ${f}`);
}
console.log(`\ntests: ${total.passed} passed${flaky.length ? ` (${flaky.length} on a second run)` : ''}, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(ok && total.failed === 0 ? 0 : 1);
