/**
 * ESLint rule `berth/import-direction`: which folder may import which, checked on the resolved path of every
 * relative import, re-export and literal dynamic `import()` (core `no-restricted-imports` sees only the
 * import's text and skips dynamic imports). Options: a list of
 * `{ from, only?, except?, forbid, allow?, entry?, packages?, message }`, paths relative to the repository root;
 * a file under `from` (whose path matches the regular expression `only` when given, and not under an `except`
 * prefix) may not import under any `forbid` prefix unless under an `allow` prefix, nor any package in
 * `packages`. `forbid: ['<sibling>']` forbids the other folders next to the importer's own folder under
 * `from`, all but their public entries when `entry` names them (`entry: 'index'`: `../images` and
 * `../images/index` pass; `entry: ['index', 'contract']`: `../images/contract.js` too; the file's extension is
 * not part of the name). With `entry`, a forbidden folder prefix (ending in `/`) likewise leaves open the
 * entries of each folder in it (`forbid: ['renderer/src/features/']`: `../features/images` passes).
 * `ifImports` (package names) narrows a rule to the files that import one of those packages (e.g. `react`:
 * the modules that hold hooks).
 */
import { dirname, relative, resolve, sep } from 'node:path';

const under = (path, prefix) =>
  path === prefix.replace(/\/$/, '') || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) || path.startsWith(`${prefix}.`);

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Keep the import directions between Berth’s folders.' },
    schema: [{ type: 'array' }],
  },
  create(context) {
    const root = context.cwd;
    const file = relative(root, context.filename).split(sep).join('/');
    const rules = (context.options[0] ?? []).filter(
      (r) => under(file, r.from) && (!r.only || new RegExp(r.only).test(file)) && !(r.except ?? []).some((e) => under(file, e)),
    );
    if (rules.length === 0) return {};
    // Packages this file imports, and the reports of rules that hold only for files importing some package.
    const imported = new Set();
    const pending = [];
    const check = (node, source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.')) imported.add(spec);
      for (const r of rules) {
        if (!spec.startsWith('.')) {
          if (r.packages?.includes(spec)) context.report({ node: source, message: r.message });
          continue;
        }
        const target = relative(root, resolve(dirname(context.filename), spec))
          .split(sep)
          .join('/');
        // A folder's entries (`<prefix><name>`, or `<prefix><name>/<entry>` with any extension) are open when the rule names them.
        const entries = [r.entry ?? []].flat();
        const isEntry = (prefix) => {
          const [name, ...rest] = target.slice(prefix.length).split('/');
          const entry = rest.join('/').replace(/\.(js|ts|tsx|mjs)$/, '');
          return entries.length > 0 && name !== '' && (rest.length === 0 || entries.includes(entry));
        };
        const forbid = r.forbid.flatMap((f) => {
          if (f !== '<sibling>') return f.endsWith('/') && under(target, f) && isEntry(f) ? [] : [f];
          const own = file.slice(r.from.length).split('/')[0];
          if (!under(target, r.from)) return [];
          const sibling = target.slice(r.from.length).split('/')[0];
          if (sibling === own) return [];
          // A sibling's public entry (`entry`, e.g. its index) is open to the others; the rest of it is not.
          return isEntry(r.from) ? [] : [r.from];
        });
        if (forbid.some((f) => under(target, f)) && !(r.allow ?? []).some((a) => under(target, a))) {
          const report = { node: source, message: `${r.message} (${spec})` };
          if (r.ifImports) pending.push({ rule: r, report });
          else context.report(report);
        }
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      'Program:exit': () => {
        for (const { rule, report } of pending) if (rule.ifImports.some((p) => imported.has(p))) context.report(report);
      },
    };
  },
};
