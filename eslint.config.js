// Berth's lint: typescript-eslint (type-aware), react-hooks and jsx-a11y for the renderer, and the
// import directions that keep the folders' shape (docs/architecture.md). `npm run lint`, no warnings allowed.
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

// The project's `typescript` is 7 (the native compiler, no JS API); typescript-eslint reads types through
// TypeScript's JS API, which the devDependency `typescript-api` (npm:typescript@6.0.x) provides. Every
// `require('typescript')` (or `typescript/lib/...`) made from a package in node_modules (typescript-eslint,
// ts-api-utils) gets it; `tsc` itself stays 7. This runs before typescript-eslint loads, hence the dynamic imports.
const requireHere = createRequire(import.meta.url);
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (/^typescript(\/|$)/.test(request) && parent?.filename?.includes(`${sep}node_modules${sep}`)) {
    return requireHere.resolve(request.replace(/^typescript/, 'typescript-api'));
  }
  return resolveFilename.call(this, request, parent, ...rest);
};
const { default: tseslint } = await import('typescript-eslint');
const { default: js } = await import('@eslint/js');
const { default: reactHooks } = await import('eslint-plugin-react-hooks');
const { default: jsxA11y } = await import('eslint-plugin-jsx-a11y');
const { default: globals } = await import('globals');
const { default: importDirection } = await import('./scripts/lint/import-direction.js');

// The Electron app is type-checked against Electron's own types: node_modules/electron where npm could
// install it, else the copy scripts/typecheck-electron.ts fetches (its tsconfig is out/tsconfig.electron.json).
const electronProject = existsSync(join(root, 'node_modules', 'electron', 'electron.d.ts'))
  ? join(root, 'electron', 'tsconfig.json')
  : join(root, 'out', 'tsconfig.electron.json');
if (!existsSync(electronProject)) {
  throw new Error("Linting the Electron app needs Electron's types: run `node --import tsx scripts/typecheck-electron.ts` once, then lint again.");
}

/** Which folder may import which (see scripts/lint/import-direction.js); paths from the repository root. */
const shared = (from) => ({
  from,
  forbid: ['renderer/src/features/', 'renderer/src/app/'],
  message: `${from} is shared by every feature: it never imports a feature or the app shell.`,
});
const directions = [
  {
    from: 'engine/',
    forbid: ['electron/', 'renderer/', 'scripts/'],
    packages: ['electron'],
    message: 'The engine stands alone: it never imports the Electron app, the renderer or the scripts.',
  },
  {
    from: 'renderer/',
    forbid: ['engine/'],
    // The RPC client is shared as it is: the renderer's connection drives it; so is the one backoff formula.
    allow: ['engine/contract/', 'engine/rpc/carrier', 'engine/rpc/client', 'engine/rpc/protocol', 'engine/util/backoff'],
    packages: ['electron'],
    message: 'The renderer reaches the engine only through engine/contract (and the RPC client in engine/rpc).',
  },
  shared('renderer/src/ui/'),
  shared('renderer/src/lib/'),
  {
    from: 'renderer/src/features/',
    forbid: ['<sibling>'],
    entry: 'index',
    message: 'A feature uses another feature only through its public entry (its index.ts); move a shared piece to lib/ or ui/.',
  },
  {
    // The engine's nouns (containers, images, engine, settings, ...): the folders that are not nouns are left
    // out as importers — the backend and the CLI put the nouns together, the contract assembles their parts.
    from: 'engine/',
    except: [
      'engine/backend/',
      'engine/contract/',
      'engine/integration/',
      'engine/launch/',
      'engine/web/',
      'engine/rpc/',
      'engine/util/',
      'engine/cli.ts',
      'engine/bin.ts',
    ],
    forbid: ['<sibling>'],
    entry: ['index', 'contract'],
    allow: ['engine/util/', 'engine/contract/', 'engine/rpc/', 'engine/version.ts'],
    message:
      'An engine noun uses another noun only through its public entry (its index.ts) or its part of the contract (contract.ts); move a shared pure piece to engine/util/.',
  },
  {
    from: 'engine/util/',
    forbid: ['engine/'],
    allow: ['engine/util/', 'engine/rpc/protocol'],
    message: 'engine/util is shared by every noun: it imports only itself (and the RPC error type), never a noun.',
  },
  {
    from: 'engine/rpc/',
    forbid: ['engine/'],
    allow: ['engine/rpc/', 'engine/contract/', 'engine/util/'],
    message: 'engine/rpc carries the contract: it imports the contract and engine/util, never a noun.',
  },
  {
    from: 'renderer/src/features/',
    forbid: ['renderer/src/app/'],
    allow: ['renderer/src/app/router'],
    message: 'A feature uses only the routes of the app shell (app/router.ts); shared pieces live in lib/ and ui/.',
  },
  {
    from: 'renderer/src/app/',
    forbid: ['renderer/src/features/'],
    entry: 'index',
    message: 'The app shell uses a feature only through its public entry (its index.ts).',
  },
  // Effects live in stores: a component (any .tsx) or a hook (a module using React) reads stores and calls their
  // actions; only stores and the modules beside them call the API. The connection's state is a store any view may read.
  ...[{ only: String.raw`\.tsx$` }, { only: String.raw`\.ts$`, ifImports: ['react'] }].map((which) => ({
    from: 'renderer/src/',
    ...which,
    forbid: ['renderer/src/api/'],
    allow: ['renderer/src/api/connection-state'],
    message: 'Components and hooks never call the API: move the call into the feature’s store and call the store’s action.',
  })),
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'playwright-report/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The code marks indexed reads with `!` on purpose (noUncheckedIndexedAccess is off, so the rule calls all 279 of them unnecessary).
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Store actions, stream handlers and mocks are arrow-function properties: every one of its 121 finds was one of those.
      '@typescript-eslint/unbound-method': 'off',
      // An `async` function without `await` is how this code implements a Promise-returning interface (carriers, steps, fakes).
      '@typescript-eslint/require-await': 'off',
      // The few `any`s are deliberate (inference over the contract's generic defs, dockerode's untyped info); the no-unsafe-* rules guard their use.
      '@typescript-eslint/no-explicit-any': 'off',
      // A literal beside `string` ('unchecked' | string) documents a special value.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // Its four finds were ws frames (Buffer at run time) and scalars typed `unknown`.
      '@typescript-eslint/no-base-to-string': 'off',
      // `leave` may run before the server exists, so `server` is declared first and assigned later.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Passing on the error a callback or an AbortSignal gave.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // React event handlers may be async: each catches its own errors into state.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Terminal and engine output is matched by its escape codes.
      'no-control-regex': 'off',
      // `const { stored: _stored, ...rest }` drops a key; interface implementations take parameters they do not use.
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', ignoreRestSiblings: true, varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests, e2e specs and benchmarks read engine JSON, tar manifests and Playwright `evaluate` results, which are `any` by nature.
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['electron/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: electronProject, tsconfigRootDir: root } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    extends: [jsxA11y.flatConfigs.recommended],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The two classic hook rules; the React Compiler's rules (set-state-in-effect, purity, ...) are for code the compiler builds, and Berth does not use it.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Dialogs put focus in their first field when they open (the WAI-ARIA dialog pattern).
      'jsx-a11y/no-autofocus': 'off',
      // Scrolling regions (logs, JSON, lists, table bodies) take focus so the keyboard can scroll them.
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: ['pre', 'ul'], roles: ['log', 'rowgroup', 'tabpanel'] }],
    },
  },
  // Import directions (docs/architecture.md): a lint rule, not a review comment, keeps the folders' shape.
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { berth: { rules: { 'import-direction': importDirection } } },
    rules: { 'berth/import-direction': ['error', directions] },
  },
  {
    // Tests of renderer models feed them what the engine's own decoders make of recorded data.
    files: ['renderer/**/*.test.{ts,tsx}'],
    rules: { 'berth/import-direction': ['error', directions.filter((d) => d.from !== 'renderer/')] },
  },
);
