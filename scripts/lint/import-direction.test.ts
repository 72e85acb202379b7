import { Linter } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain JS ESLint rule without type declarations
import importDirection from './import-direction.js';

const root = '/repo';
const directions = [
  { from: 'engine/', forbid: ['renderer/'], packages: ['electron'], message: 'engine stands alone' },
  { from: 'renderer/src/features/', forbid: ['<sibling>'], entry: 'index', message: 'through its index' },
  {
    from: 'engine/',
    except: ['engine/backend/', 'engine/contract/'],
    forbid: ['<sibling>'],
    entry: ['index', 'contract'],
    allow: ['engine/util/', 'engine/contract/'],
    message: 'noun through its index or contract',
  },
  { from: 'renderer/src/app/', forbid: ['renderer/src/features/'], entry: 'index', message: 'app through the index' },
  {
    from: 'renderer/src/',
    only: '\\.tsx$|/use-[^/]*\\.ts$',
    forbid: ['renderer/src/api/'],
    allow: ['renderer/src/api/connection-state'],
    except: ['renderer/src/features/images/Old.tsx'],
    message: 'components call stores',
  },
  { from: 'renderer/src/', ifImports: ['react'], forbid: ['renderer/src/api/'], message: 'hooks call stores' },
];

/** The messages the rule gives for `source` written in `file` (a path from the repository root). */
function lint(file: string, source: string): string[] {
  const linter = new Linter({ cwd: root });
  const config = [
    {
      files: ['**/*.ts', '**/*.tsx'],
      plugins: { berth: { rules: { 'import-direction': importDirection } } },
      rules: { 'berth/import-direction': ['error', directions] },
    },
  ] as Linter.Config[];
  return linter.verify(source, config, { filename: join(root, file) }).map((m) => m.message);
}

describe('import-direction', () => {
  it('lets a feature import its own folder, lib and another feature’s index', () => {
    const file = 'renderer/src/features/images/ImageRow.ts';
    expect(lint(file, "import { a } from './images-store';")).toEqual([]);
    expect(lint(file, "import { a } from '../../lib/format';")).toEqual([]);
    expect(lint(file, "import { a } from '../layers';")).toEqual([]);
    expect(lint(file, "import { a } from '../layers/index';")).toEqual([]);
  });
  it('refuses another feature’s internals, static or dynamic, and re-exports of them', () => {
    const file = 'renderer/src/features/images/ImageRow.ts';
    expect(lint(file, "import { a } from '../layers/layers-model';")).toEqual(['through its index (../layers/layers-model)']);
    expect(lint(file, "const m = import('../terminal/open-shell');")).toHaveLength(1);
    expect(lint(file, "export { a } from '../run/RunDialog';")).toHaveLength(1);
  });
  it('lets an engine noun use another noun’s index or contract part (with the .js of an ES module), and shared folders', () => {
    const file = 'engine/volumes/volumes.ts';
    expect(lint(file, "import { a } from '../engine/index.js';")).toEqual([]);
    expect(lint(file, "import { A } from '../containers/contract.js';")).toEqual([]);
    expect(lint(file, "import { a } from '../util/fs.js';")).toEqual([]);
    expect(lint(file, "import { a } from '../contract/dto.js';")).toEqual([]);
    expect(lint(file, "import { a } from './volume-browse.js';")).toEqual([]);
  });
  it('refuses an engine noun another noun’s internals, but not the folders left out of the rule', () => {
    expect(lint('engine/volumes/volumes.ts', "import { a } from '../engine/supervisor.js';")).toEqual([
      'noun through its index or contract (../engine/supervisor.js)',
    ]);
    expect(lint('engine/layers/x.ts', "import { A } from '../images/image-history.js';")).toHaveLength(1);
    expect(lint('engine/layers/x.ts', "import { a } from '../backend/backend.js';")).toHaveLength(1);
    expect(lint('engine/backend/backend.ts', "import { a } from '../images/images.js';")).toEqual([]);
    expect(lint('engine/contract/dto.ts', "export * from '../images/archive.js';")).toEqual([]);
  });
  it('refuses forbidden folders and packages for the engine', () => {
    expect(lint('engine/images/x.ts', "import { a } from '../../renderer/src/lib/format';")).toEqual(['engine stands alone (../../renderer/src/lib/format)']);
    expect(lint('engine/images/x.ts', "import { app } from 'electron';")).toEqual(['engine stands alone']);
    expect(lint('engine/images/x.ts', "import { a } from '../util/fs';")).toEqual([]);
  });
  it('lets the app shell use a feature only through its index', () => {
    const file = 'renderer/src/app/App.tsx';
    expect(lint(file, "import { a } from '../features/images';")).toEqual([]);
    expect(lint(file, "import { a } from '../features/images/index';")).toEqual([]);
    expect(lint(file, "import { a } from './router';")).toEqual([]);
    expect(lint(file, "import { a } from '../features/images/ImagesPage';")).toEqual(['app through the index (../features/images/ImagesPage)']);
    expect(lint(file, "import { a } from '../features/images/deep/index';")).toHaveLength(1);
    expect(lint(file, "import { a } from '../features';")).toHaveLength(1);
  });
  it('keeps the API out of components and hooks, but not out of stores', () => {
    expect(lint('renderer/src/features/images/ImageRow.tsx', "import { call } from '../../api/connection';")).toEqual([
      'components call stores (../../api/connection)',
    ]);
    expect(lint('renderer/src/lib/use-thing.ts', "import { call } from '../api/connection';")).toEqual(['components call stores (../api/connection)']);
    expect(lint('renderer/src/main.tsx', "import { connect } from './api/connection';")).toHaveLength(1);
    expect(lint('renderer/src/features/images/images-store.ts', "import { call } from '../../api/connection';")).toEqual([]);
    expect(lint('renderer/src/app/App.tsx', "import { useConnection } from '../api/connection-state';")).toEqual([]);
    expect(lint('renderer/src/features/images/Old.tsx', "import { call } from '../../api/connection';")).toEqual([]);
  });
  it('knows a hook by its use of React, wherever its import comes', () => {
    const file = 'renderer/src/features/images/transfer.ts';
    expect(lint(file, "import { transfer } from '../../api/connection';\nimport { useState } from 'react';")).toEqual([
      'hooks call stores (../../api/connection)',
    ]);
    expect(lint(file, "import { useState } from 'react';\nconst m = import('../../api/connection');")).toHaveLength(1);
    expect(lint(file, "import { create } from 'zustand';\nimport { call } from '../../api/connection';")).toEqual([]);
  });
});
