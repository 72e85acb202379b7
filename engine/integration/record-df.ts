/**
 * Records a real `/system/df` reply, and `docker system df`'s own figures for the same engine, into engine/system/fixtures/ (run by
 * hand: `node --import tsx engine/integration/record-df.ts`). The engine holds a running and a stopped container with bytes written,
 * a used and an unused volume, a dangling image and BuildKit cache, so every branch of the summary has data.
 */
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX_IMAGE } from '../../e2e/fixtures/images.js';
import { docker, removeHomes, startTestEngine, tempHome } from './harness.js';

const out = join(import.meta.dirname, '..', 'system', 'fixtures');
const home = tempHome('rec');
const { dockerHost, rpc } = await startTestEngine(home);
try {
  const d = (args: string[]) => docker(dockerHost, args);
  await d(['run', '-d', '--name', 'web', '-v', 'web-data:/data', BUSYBOX_IMAGE, 'sh', '-c', 'head -c 100000 /dev/urandom > /data/x; sleep 600']);
  await d(['run', '--name', 'stopped', BUSYBOX_IMAGE, 'sh', '-c', 'head -c 2000000 /dev/urandom > /blob']);
  await d(['run', '--name', 'failed', BUSYBOX_IMAGE, 'sh', '-c', 'exit 3']).catch(() => undefined);
  await d(['volume', 'create', 'spare']);
  await d(['run', '--rm', '-v', 'spare:/d', BUSYBOX_IMAGE, 'sh', '-c', 'head -c 1000000 /dev/urandom > /d/blob']);
  for (const text of ['one', 'two']) {
    const c = await d(['create', BUSYBOX_IMAGE, 'sh', '-c', `echo ${text} > /f`]);
    await d(['start', '-a', c]);
    await d(['commit', c, 'app:1']);
    await d(['rm', c]);
  }
  const dir = mkdtempSync('/tmp/berth-rec-build-');
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nRUN head -c 500000 /dev/urandom > /blob\nRUN echo done > /done\n`);
  await new Promise<void>((res) =>
    rpc.stream('builds.start', { context: dir, tags: ['built:1'], builder: 'buildkit' } as never, { next: () => undefined, end: () => res() }),
  );
  rmSync(dir, { recursive: true, force: true });

  const socketPath = dockerHost.replace(/^unix:\/\//, '');
  const body = await new Promise<string>((resolve, reject) => {
    request({ socketPath, path: '/system/df' }, (res) => {
      let s = '';
      res.on('data', (c) => (s += c));
      res.on('end', () => resolve(s));
    })
      .on('error', reject)
      .end();
  });
  writeFileSync(join(out, 'system-df.json'), `${JSON.stringify(JSON.parse(body), null, 2)}\n`);
  writeFileSync(join(out, 'system-df.cli.jsonl'), `${await d(['system', 'df', '--format', '{{json .}}'])}\n`);
  console.log(body.length, 'bytes recorded');
} finally {
  rpc.close();
  await removeHomes();
}
