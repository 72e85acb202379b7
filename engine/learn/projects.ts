/** The walkthroughs' projects as text (pure): their Dockerfiles on Berth's helper image, their small files, and the one edit the cache walkthrough makes. */
import type { LearnProject } from './contract.js';

/** A project before it is written: files by relative path, and the images it builds (Dockerfile name and tag). */
export interface ProjectSource {
  readonly files: Readonly<Record<string, string>>;
  readonly images: ReadonlyArray<{ readonly dockerfile: string; readonly tag: string }>;
}

/** The file the cache walkthrough changes, and the line it rewrites. */
export const CACHE_FILE = 'message.txt';

const layers = (base: string): ProjectSource => ({
  files: {
    Dockerfile: [
      '# Each instruction that changes files makes one layer.',
      `FROM ${base}`,
      'WORKDIR /app',
      '# A layer with one small file.',
      'COPY hello.txt /app/hello.txt',
      '# A layer made by running a command in the image so far.',
      'RUN echo "built on $(uname -m)" > /app/built.txt',
      '# A layer with a folder of notes.',
      'COPY notes/ /app/notes/',
      '# Metadata only: no layer.',
      'CMD ["cat", "/app/hello.txt"]',
      '',
    ].join('\n'),
    'hello.txt': 'Hello from a Berth walkthrough.\n',
    'notes/first.txt': 'Layers stack: a later layer can add, change or delete files of the earlier ones.\n',
    'notes/second.txt': 'The layer browser shows each layer’s changes, and the image as of any layer.\n',
  },
  images: [{ dockerfile: 'Dockerfile', tag: 'berth-learn/layers:latest' }],
});

const cache = (base: string): ProjectSource => ({
  files: {
    Dockerfile: [
      `FROM ${base}`,
      '# Slow work that does not depend on your files: the cache keeps it.',
      'RUN echo "installing tools" && seq 1 20000 > /tools.txt',
      'COPY config.txt /etc/app/config.txt',
      `COPY ${CACHE_FILE} /app/${CACHE_FILE}`,
      '# Runs again whenever a step before it changed.',
      `RUN head -n 1 /app/${CACHE_FILE} > /app/summary.txt`,
      `CMD ["cat", "/app/${CACHE_FILE}"]`,
      '',
    ].join('\n'),
    'config.txt': 'colour=blue\n',
    [CACHE_FILE]: messageText(0),
  },
  images: [{ dockerfile: 'Dockerfile', tag: 'berth-learn/cache:latest' }],
});

const stages = (base: string): ProjectSource => ({
  files: {
    'Dockerfile.single': [
      `FROM ${base}`,
      '# The tools and their leftovers stay in the image.',
      'RUN seq 1 200000 > /tmp/work.txt && sed -n 1p /tmp/work.txt > /result.txt',
      'COPY hello.txt /hello.txt',
      'CMD ["cat", "/result.txt"]',
      '',
    ].join('\n'),
    'Dockerfile.multi': [
      `FROM ${base} AS build`,
      '# The same work, in a stage of its own.',
      'RUN seq 1 200000 > /tmp/work.txt && sed -n 1p /tmp/work.txt > /result.txt',
      '',
      `FROM ${base}`,
      '# Only the result is copied into the final image.',
      'COPY --from=build /result.txt /result.txt',
      'COPY hello.txt /hello.txt',
      'CMD ["cat", "/result.txt"]',
      '',
    ].join('\n'),
    'hello.txt': 'Hello from a Berth walkthrough.\n',
  },
  images: [
    { dockerfile: 'Dockerfile.single', tag: 'berth-learn/single:latest' },
    { dockerfile: 'Dockerfile.multi', tag: 'berth-learn/multi:latest' },
  ],
});

/** The container the shell walkthrough runs. */
export const SHELL_CONTAINER = 'berth-learn-shell';

const shell = (base: string): ProjectSource => ({
  files: {
    Dockerfile: [
      `FROM ${base}`,
      'WORKDIR /app',
      'COPY readme.txt /app/readme.txt',
      '# Keeps running so you can open a shell in it.',
      'CMD ["sleep", "86400"]',
      '',
    ].join('\n'),
    'readme.txt': 'Files you write in a container go to its own writable layer; the image stays as it was.\n',
  },
  images: [{ dockerfile: 'Dockerfile', tag: 'berth-learn/shell:latest' }],
});

/** Pure: a walkthrough's project on the base image `base`. */
export function projectSource(project: LearnProject, base: string): ProjectSource {
  switch (project) {
    case 'layers':
      return layers(base);
    case 'cache':
      return cache(base);
    case 'stages':
      return stages(base);
    case 'shell':
      return shell(base);
  }
}

/** Pure: the message file's text at edit `n` (0: as written). */
export function messageText(n: number): string {
  return n === 0 ? 'Hello, cache.\n' : `Hello, cache. Edit ${n}.\n`;
}

/** Pure: the message file's text after one more edit, from its text now (anything unknown counts as edit 0). */
export function nextMessage(now: string): string {
  const m = /Edit (\d+)\./.exec(now);
  return messageText(m ? Number(m[1]) + 1 : 1);
}
