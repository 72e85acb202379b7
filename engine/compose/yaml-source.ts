/**
 * One Compose file read from YAML, keeping where each node came from, so a problem found later (schema, a
 * missing variable, a cycle) is reported at its line and column. YAML merge keys (`<<: *anchor`) are honoured,
 * and the Compose tags `!reset` and `!override` become ResetTag / OverrideTag values.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { ComposeError, dottedPath, type ComposeIssue } from './errors.js';
import { OverrideTag, ResetTag, isPlainObject, type TreePath } from './interpolate.js';

/** A parsed Compose file: its value, and a way back from a path in that value to a place in the text. */
export interface YamlSource {
  readonly file: string;
  readonly value: Record<string, unknown>;
  /** The place of the node at `path` (or of its deepest ancestor that exists in the text). */
  locate(path: TreePath, key?: string): { line: number; column: number };
  /** An issue at `path`, with its place and dotted key. */
  issueAt(path: TreePath, message: string, key?: string): ComposeIssue;
}

/** Parse `text` (the content of `file`). Throws ComposeError for YAML syntax errors, at their place. */
export function parseComposeYaml(file: string, text: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ComposeError(
      doc.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        return { file, line: at.line, column: at.col, message: `${yamlMessage(e.code, e.message)}` };
      }),
    );
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 10_000 }) ?? {};
  if (!isPlainObject(raw)) {
    throw new ComposeError([
      { file, line: 1, column: 1, message: 'A Compose file is a YAML mapping (with `services:` and so on), not a list or a single value.' },
    ]);
  }
  const value = applyTags(doc, raw);
  const locate = (path: TreePath, key?: string) => {
    const node = deepest(doc, path, key);
    const at = lines.linePos(node?.range?.[0] ?? 0);
    return { line: at.line, column: at.col };
  };
  return {
    file,
    value,
    locate,
    issueAt: (path, message, key) => ({ file, ...locate(path, key), key: dottedPath(key === undefined ? path : [...path, key]) || undefined, message }),
  };
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return `${first}: each key may appear once in a mapping.`;
  return `This is not valid YAML: ${first.replace(/\.$/, '')}.`;
}

/** The node at `path`, or the deepest existing ancestor; with `key`, the key node of that entry if present. */
function deepest(doc: Document, path: TreePath, key?: string): Node | null {
  let node: unknown = doc.contents;
  const steps = key === undefined ? path : [...path, key];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      // For the last step of a key error, point at the key itself.
      if (key !== undefined && i === steps.length - 1) return pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number' && node.items[step]) {
      node = node.items[step];
    } else break;
  }
  return (node as Node | null) ?? null;
}

/** Replace the values of nodes tagged `!reset` / `!override` in the plain JS tree. */
function applyTags(doc: Document, value: Record<string, unknown>): Record<string, unknown> {
  const tagged: { path: (string | number)[]; tag: string; node: Node }[] = [];
  visit(doc, (_key, node, ancestors) => {
    if (isPair(node) || !node || typeof node !== 'object' || !('tag' in node)) return;
    const tag = (node as { tag?: string }).tag;
    if (tag !== '!reset' && tag !== '!override') return;
    const path: (string | number)[] = [];
    const chain = [...ancestors.slice(1), node];
    for (let i = 0; i < chain.length - 1; i++) {
      const a = chain[i];
      const b = chain[i + 1];
      if (isPair(a)) continue;
      if (isMap(a) && isPair(b)) path.push(String(isScalar(b.key) ? b.key.value : b.key));
      if (isSeq(a)) path.push(a.items.indexOf(b as never));
    }
    tagged.push({ path, tag, node: node as Node });
  });
  for (const t of tagged) {
    let parent: unknown = value;
    for (const step of t.path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)?.[step];
    const last = t.path[t.path.length - 1];
    if (parent === null || typeof parent !== 'object' || last === undefined) continue;
    const container = parent as Record<string | number, unknown>;
    container[last] = t.tag === '!reset' ? new ResetTag() : new OverrideTag(container[last]);
  }
  return value;
}
