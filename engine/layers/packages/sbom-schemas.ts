/**
 * The published JSON schemas of the SBOM formats, for tests: CycloneDX 1.5
 * (with the SPDX licence list and JSF schemas it refers to) from the
 * `@cyclonedx/cyclonedx-library` package, compiled with ajv.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

function schemaDir(): string {
  return join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
}

const read = (file: string) => JSON.parse(readFileSync(join(schemaDir(), file), 'utf8')) as Record<string, unknown>;

function ajv(): Ajv {
  const a = new Ajv({ strict: false, allErrors: true });
  addFormats(a);
  // Formats JSON Schema names that ajv-formats leaves out: checked loosely (a non-empty string without spaces, an address).
  a.addFormat('iri-reference', /^\S+$/);
  a.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/);
  return a;
}

/** The CycloneDX 1.5 validator; its errors say where a document departs from the schema. */
export function cycloneDx15Validator(): ValidateFunction {
  const a = ajv();
  // The BOM schema refers to its companions by their snapshot file names, relative to its own $id.
  a.addSchema({ ...read('spdx.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json' });
  a.addSchema({ ...read('jsf-0.82.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json' });
  return a.compile(read('bom-1.5.SNAPSHOT.schema.json'));
}

/** The SPDX licence ids the CycloneDX schema knows. */
export function spdxLicenceIds(): Set<string> {
  return new Set((read('spdx.SNAPSHOT.schema.json') as { enum: string[] }).enum);
}
