/**
 * Builds, each against a baseline measured in the same run:
 * 1. wall time of a multi-stage build driven through Berth (plan, context
 *    scan with hashes, upload, trace decoding, record, cache explanation)
 *    against the same build posted straight to the engine API with a tar of
 *    the context made by GNU tar (no cache on either side, so both do the work);
 * 2. context packing throughput for 200 MB in 20,000 files (walk, .dockerignore,
 *    sha256 of every file, tar stream) against `tar -c` of the same folder;
 * 3. a build printing 50,000 log lines watched in the UI: click → "Built",
 *    with the main thread's long tasks, against the same build posted straight
 *    to the engine;
 * 4. the context through a BuildKit session against a tar upload of it: a COPY
 *    of one 6-byte file out of a 1 GB context; an ordinary project's first
 *    build from a folder the engine has never seen; its rebuild after one
 *    source file changed.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { BUSYBOX_IMAGE } from '../e2e/fixtures/images.js';
import { connectBackend } from '../engine/backend/launch.js';
import { postBuild } from '../engine/builds/builds.js';
import { packContext, scanContext } from '../engine/builds/context.js';
import { readNdjson } from '../engine/util/text-stream.js';
import type { BuildEvent } from '../engine/contract/index.js';
import { openWorld } from './world.js';
import { ended, median, timed, type BenchResult } from './stats.js';

const exec = promisify(execFile);

const MULTI = `FROM ${BUSYBOX_IMAGE} AS deps
COPY deps/ /deps/
RUN find /deps -type f | wc -l > /deps.count && sleep 1

FROM deps AS build
COPY src/ /src/
RUN cat /src/* | md5sum > /build.sum && sleep 1

FROM ${BUSYBOX_IMAGE} AS lint
COPY src/ /src/
RUN grep -c . /src/* > /lint.out && sleep 1

FROM ${BUSYBOX_IMAGE}
COPY --from=build /build.sum /build.sum
COPY --from=lint /lint.out /lint.out
COPY --from=deps /deps.count /deps.count
`;

const LOG_STAGES = 5;
const LOG_LINES = 50_000;

/** Five stages side by side, each printing a fifth of the lines, then one stage taking from all. */
const LOUD = [
  ...Array.from(
    { length: LOG_STAGES },
    (_, s) => `FROM ${BUSYBOX_IMAGE} AS s${s}\nRUN i=0; while [ $i -lt ${LOG_LINES / LOG_STAGES} ]; do i=$((i+1)); echo "s${s} $i"; done; echo ${s} > /s${s}\n`,
  ),
  `FROM ${BUSYBOX_IMAGE}\n${Array.from({ length: LOG_STAGES }, (_, s) => `COPY --from=s${s} /s${s} /s${s}`).join('\n')}\n`,
].join('\n');

/** A context like a small service: 400 source files and a 4 MB dependency tree. */
function serviceContext(): string {
  const dir = mkdtempSync('/tmp/bench-build-');
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'deps'));
  for (let i = 0; i < 400; i++) writeFileSync(join(dir, 'src', `f${i}.go`), `package main\n// ${randomBytes(600).toString('hex')}\n`);
  for (let i = 0; i < 200; i++) writeFileSync(join(dir, 'deps', `d${i}.bin`), randomBytes(20_000));
  writeFileSync(join(dir, 'Dockerfile'), MULTI);
  writeFileSync(join(dir, 'Dockerfile.loud'), LOUD);
  return dir;
}

/** 200 MB in 20,000 files of 10 KB, in 100 folders, plus a .dockerignore that leaves out a few. */
function bigContext(): string {
  const dir = mkdtempSync('/tmp/bench-ctx-');
  for (let d = 0; d < 100; d++) {
    mkdirSync(join(dir, `pkg${d}`));
    for (let f = 0; f < 200; f++) writeFileSync(join(dir, `pkg${d}`, `file${f}.dat`), randomBytes(10_000));
  }
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nCOPY . /ctx\n`);
  writeFileSync(join(dir, '.dockerignore'), '**/*.tmp\nnode_modules\n!pkg1/keep.tmp\n');
  return dir;
}

/** The build posted straight to the engine: a GNU tar of the context as the body, the reply read to its end. */
async function directBuild(docker: Docker, dir: string, dockerfile: string, nocache = true): Promise<void> {
  const tar = spawn('tar', ['-C', dir, '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  // Posted as Berth posts a build, with the whole context as a tar.
  const reply = await postBuild(docker, { version: '2', dockerfile, nocache, t: ['bench/direct:1'] }, tar.stdout);
  let error = '';
  await readNdjson<{ errorDetail?: { message?: string } }>(reply, (line) => {
    if (line.errorDetail) error = line.errorDetail.message ?? JSON.stringify(line.errorDetail);
  });
  if (error) throw new Error(`The direct build failed: ${error}`);
}

export async function benchBuilds(rounds = 5): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const world = await openWorld();
  const docker = new Docker({ socketPath: world.dockerHost.replace('unix://', '') });
  const dir = serviceContext();
  try {
    // 1. Build wall time: Berth's RPC against the engine API, alternating, after one warm-up each.
    const client = (await connectBackend(world.home))!;
    let lastSent: Extract<BuildEvent, { t: 'upload' }> | undefined;
    const berthBuild = (dockerfile: string, context = dir, noCache = true) =>
      ended((end) => {
        let failure = '';
        client.stream(
          'builds.start',
          { context, dockerfile, tags: ['bench/berth:1'], noCache },
          {
            next: (e: BuildEvent) => {
              if (e.t === 'failed') failure = e.message;
              if (e.t === 'upload') lastSent = e;
            },
            end: (err) => end(err ?? (failure ? new Error(failure) : undefined)),
          },
        );
      });
    await berthBuild('Dockerfile');
    await directBuild(docker, dir, 'Dockerfile');
    const berth: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < rounds; i++) {
      berth.push(await timed(() => berthBuild('Dockerfile')));
      direct.push(await timed(() => directBuild(docker, dir, 'Dockerfile')));
    }
    results.push({
      name: 'a multi-stage build, no cache (4 stages, 600 files, 4.3 MB of context)',
      unit: 'ms',
      subject: { label: 'Berth (builds.start: plan, context through a session, trace, record)', samples: berth, median: median(berth) },
      baseline: { label: 'the engine API straight (POST /build?version=2, body from GNU tar)', samples: direct, median: median(direct) },
    });

    // 4. The context through a session, against a tar of it.
    results.push(...(await benchContext(docker, berthBuild, () => lastSent, Math.min(rounds, 3))));

    // 3. 50,000 log lines in the UI.
    const ui: number[] = [];
    const uiDirect: number[] = [];
    const longest: number[] = [];
    const longTotal: number[] = [];
    // The first round runs on a cold page (code not yet compiled): its figures are shown apart.
    let cold = { ms: 0, longest: 0 };
    for (let i = 0; i < Math.min(rounds, 3) + 1; i++) {
      const page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${world.host.url}#/builds`);
      await page.evaluate(() => {
        const w = window as unknown as { __long: number[] };
        w.__long = [];
        new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask', buffered: false });
      });
      const form = page.getByRole('form', { name: 'Build an image' });
      await form.getByRole('textbox', { name: 'Context folder' }).fill(dir);
      await form.getByRole('textbox', { name: 'Dockerfile (optional)' }).fill('Dockerfile.loud');
      await form.getByRole('checkbox', { name: 'No cache' }).check();
      await form.getByRole('status').waitFor();
      await page.evaluate(() => ((window as unknown as { __long: number[] }).__long = []));
      const live = page.getByRole('region', { name: 'Build', exact: true });
      const t0 = performance.now();
      await form.getByRole('button', { name: 'Build' }).click();
      // Watch it as a user would: the plain log of the whole build, following its end.
      await live.getByRole('button', { name: 'Plain log' }).click();
      // Waited for inside the page by one observer: Playwright's polling queries would run on the main thread being measured.
      // (A string, not a function: tsx would add a helper the page does not have.)
      await page.evaluate(`new Promise((resolve) => {
        const built = () => document.querySelector('section[aria-label="Build"] h2')?.textContent === 'Built';
        if (built()) return resolve();
        const o = new MutationObserver(() => {
          if (!built()) return;
          o.disconnect();
          resolve();
        });
        o.observe(document.body, { subtree: true, childList: true, characterData: true });
      })`);
      const took = performance.now() - t0;
      const tasks = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
      if (i === 0) cold = { ms: took, longest: Math.max(0, ...tasks) };
      else {
        ui.push(took);
        longest.push(Math.max(0, ...tasks));
        longTotal.push(tasks.reduce((a, b) => a + b, 0));
      }
      // Every line reached the page: the last line of each stage is in the log.
      await live.getByRole('button', { name: 'Steps' }).click();
      for (let s = 0; s < LOG_STAGES; s++) {
        const step = live.getByRole('button', { name: new RegExp(`^2/2 RUN i=0; .*echo "s${s} \\$i".*, done$`) });
        await step.click();
        await live
          .getByText(`s${s} ${LOG_LINES / LOG_STAGES}`, { exact: false })
          .first()
          .waitFor();
      }
      await page.close();
      const d = await timed(() => directBuild(docker, dir, 'Dockerfile.loud'));
      if (i > 0) uiDirect.push(d);
    }
    results.push({
      name: `a build printing ${LOG_LINES.toLocaleString('en-US')} log lines (5 stages side by side), watched in the UI's plain log`,
      unit: 'ms',
      subject: {
        label: `UI: click → "Built" (main-thread long tasks: longest ${longest.map((x) => Math.round(x)).join(' / ')} ms, total ${longTotal.map((x) => Math.round(x)).join(' / ')} ms; cold first round ${Math.round(cold.ms)} ms, longest task ${Math.round(cold.longest)} ms)`,
        samples: ui,
        median: median(ui),
      },
      baseline: { label: 'the engine API straight', samples: uiDirect, median: median(uiDirect) },
    });
    client.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await world.close();
  }

  // 2. Context packing: no engine needed.
  const big = bigContext();
  try {
    const MB = 200;
    const pack = async () => {
      const scan = await scanContext(big, join(big, 'Dockerfile'));
      const packed = packContext(scan, join(big, 'Dockerfile'), () => undefined);
      for await (const chunk of packed.stream) void chunk;
      if (packed.hashes.size < 20_000) throw new Error(`Packed ${packed.hashes.size} files, expected 20,000`);
    };
    const tar = () => exec('sh', ['-c', `tar -C ${big} -cf - . | cat > /dev/null`]);
    await pack();
    await tar();
    const ours: number[] = [];
    const gnu: number[] = [];
    for (let i = 0; i < rounds; i++) {
      ours.push(await timed(pack));
      gnu.push(await timed(tar));
    }
    const perSec = (ms: number[]) => ms.map((m) => (MB / m) * 1000);
    results.push({
      name: 'packing a 200 MB context of 20,000 files (MB/s, higher is better)',
      unit: 'MB/s',
      subject: { label: 'Berth (walk, .dockerignore, sha256 of every file, tar stream)', samples: perSec(ours), median: median(perSec(ours)) },
      baseline: { label: '`tar -c` to a pipe (no hashing)', samples: perSec(gnu), median: median(perSec(gnu)) },
    });
  } finally {
    rmSync(big, { recursive: true, force: true });
  }
  return results;
}

/**
 * 4. What a session saves: a COPY of one small file out of a 1 GB context; an ordinary project
 * (600 files, 4.3 MB, `COPY . /src`) built from a folder the engine has not seen, where every file
 * goes either way; and its rebuild after one source file changed, where the session sends that file.
 */
async function benchContext(
  docker: Docker,
  berthBuild: (dockerfile: string, context: string, noCache?: boolean) => Promise<void>,
  lastSent: () => Extract<BuildEvent, { t: 'upload' }> | undefined,
  rounds: number,
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const sentText = () => {
    const u = lastSent();
    return u?.sent !== undefined ? `${u.sent} files, ${u.bytes.toLocaleString('en-US')} bytes sent` : 'no session';
  };
  const huge = mkdtempSync('/tmp/bench-1g-');
  try {
    await exec('sh', ['-c', `head -c ${1 << 30} /dev/urandom > ${huge}/big.bin`]);
    writeFileSync(join(huge, 'one.txt'), 'hello\n');
    writeFileSync(join(huge, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nCOPY one.txt /one.txt\n`);
    const ours: number[] = [];
    const tar: number[] = [];
    let sent = '';
    for (let i = 0; i < rounds; i++) {
      ours.push(await timed(() => berthBuild('Dockerfile', huge)));
      // The first round's: later ones send nothing, the engine holding the folder.
      sent ||= sentText();
      tar.push(await timed(() => directBuild(docker, huge, 'Dockerfile')));
    }
    results.push({
      name: 'a COPY of one 6-byte file out of a 1 GB context, no cache',
      unit: 'ms',
      subject: { label: `Berth, the context through a session (${sent})`, samples: ours, median: median(ours) },
      baseline: { label: 'a tar of the whole context posted to the engine (POST /build?version=2)', samples: tar, median: median(tar) },
    });
  } finally {
    rmSync(huge, { recursive: true, force: true });
  }

  const project = serviceContext();
  writeFileSync(join(project, 'Dockerfile.copy'), `FROM ${BUSYBOX_IMAGE}\nCOPY . /src\nRUN ls -R /src | wc -l\n`);
  const copies: string[] = [];
  try {
    const first: number[] = [];
    const firstTar: number[] = [];
    const again: number[] = [];
    const againTar: number[] = [];
    let sentFirst = '';
    let sentAgain = '';
    for (let i = 0; i < rounds; i++) {
      // A folder the engine has never seen: every file goes, through the session as through the tar.
      const copy = `${project}-${i}`;
      await exec('cp', ['-a', project, copy]);
      copies.push(copy);
      // Each build is of content no build had before (one file edited in between), so each runs its COPY.
      const edit = (n: number) => writeFileSync(join(copy, 'src', `f${n}.go`), `package main\n// edited ${i}\n`);
      first.push(await timed(() => berthBuild('Dockerfile.copy', copy, false)));
      sentFirst = sentText();
      edit(9);
      firstTar.push(await timed(() => directBuild(docker, copy, 'Dockerfile.copy', false)));
      edit(7);
      again.push(await timed(() => berthBuild('Dockerfile.copy', copy, false)));
      sentAgain = sentText();
      edit(8);
      againTar.push(await timed(() => directBuild(docker, copy, 'Dockerfile.copy', false)));
    }
    results.push({
      name: 'an ordinary project (600 files, 4.3 MB, COPY . /src), first build of a folder the engine has not seen',
      unit: 'ms',
      subject: { label: `Berth, through a session (${sentFirst})`, samples: first, median: median(first) },
      baseline: { label: 'a tar of the context posted to the engine', samples: firstTar, median: median(firstTar) },
    });
    results.push({
      name: 'the same project rebuilt after one source file changed',
      unit: 'ms',
      subject: { label: `Berth, through a session (${sentAgain})`, samples: again, median: median(again) },
      baseline: { label: 'a tar of the context posted to the engine', samples: againTar, median: median(againTar) },
    });
  } finally {
    for (const d of [project, ...copies]) rmSync(d, { recursive: true, force: true });
  }
  return results;
}
