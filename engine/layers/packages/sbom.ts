/**
 * The image's software bill of materials, made offline from its packages:
 * CycloneDX 1.5 JSON and SPDX 2.3 JSON. Each package carries its purl, its
 * licences (SPDX ids or expressions where they are known, names otherwise),
 * and the layer and place it was found.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ImagePackage, ImagePackages } from './contract.js';
import { spdxExpression, spdxId } from './licences.js';

export interface SbomSubject {
  /** The image as the user named it. */
  readonly ref: string;
  readonly packages: ImagePackages;
  readonly tool: { readonly name: string; readonly version: string };
  /** When it was made (the current time unless a test fixes it). */
  readonly now?: Date;
}

/** A stable reference for a package inside one document. */
const refOf = (p: ImagePackage) => `${p.purl}#${createHash('sha256').update(p.location).digest('hex').slice(0, 12)}`;

function cycloneDxLicences(licences: readonly string[]): object[] | undefined {
  if (!licences.length) return undefined;
  const one = licences.length === 1 ? licences[0]! : undefined;
  const id = one !== undefined ? spdxId(one) : undefined;
  if (one !== undefined && !id) {
    const expression = spdxExpression([one]);
    // A compound expression of known ids (MIT OR Apache-2.0) is carried whole.
    if (expression && /\s(AND|OR|WITH)\s/.test(expression)) return [{ expression }];
  }
  return licences.map((l) => {
    const known = spdxId(l);
    return known ? { license: { id: known } } : { license: { name: l } };
  });
}

/** Pure: the CycloneDX 1.5 JSON document. */
export function cycloneDx(s: SbomSubject): object {
  const now = s.now ?? new Date();
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.5.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: now.toISOString(),
      tools: { components: [{ type: 'application', name: s.tool.name, version: s.tool.version }] },
      component: {
        type: 'container',
        'bom-ref': s.packages.id,
        name: s.ref,
        version: s.packages.id,
        ...(s.packages.os ? { description: s.packages.os.prettyName ?? `${s.packages.os.id} ${s.packages.os.versionId ?? ''}`.trim() } : {}),
      },
    },
    components: s.packages.packages.map((p) => {
      const licenses = cycloneDxLicences(p.licences);
      return {
        type: p.ecosystem === 'go' && p.name === 'stdlib' ? 'framework' : 'library',
        'bom-ref': refOf(p),
        name: p.name,
        version: p.version,
        purl: p.purl,
        ...(licenses ? { licenses } : {}),
        properties: [
          { name: 'berth:package:ecosystem', value: p.ecosystem },
          { name: 'berth:layer:index', value: String(p.layer) },
          { name: 'berth:location:path', value: p.location },
          ...(p.size !== undefined ? [{ name: 'berth:package:size', value: String(p.size) }] : []),
        ],
      };
    }),
    dependencies: [{ ref: s.packages.id, dependsOn: s.packages.packages.map(refOf) }],
  };
}

/** Pure: an SPDX id part from any text (letters, digits, `.` and `-` only). */
const idPart = (text: string) => text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';

/** Pure: the SPDX 2.3 JSON document. */
export function spdx(s: SbomSubject): object {
  const now = s.now ?? new Date();
  const extracted = new Map<string, string>();
  const declared = (p: ImagePackage): string => {
    if (!p.licences.length) return 'NOASSERTION';
    const expression = spdxExpression(p.licences);
    if (expression) return expression;
    // Names that are not SPDX ids travel as LicenseRefs the document defines.
    return p.licences
      .map((l) => {
        const id = spdxId(l);
        if (id) return id;
        const ref = `LicenseRef-${idPart(l)}`;
        extracted.set(ref, l);
        return ref;
      })
      .join(' AND ');
  };
  const ids = new Set<string>();
  const packageId = (p: ImagePackage) => {
    const base = `SPDXRef-Package-${p.ecosystem}-${idPart(p.name)}-${idPart(p.version)}`;
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    return id;
  };
  const packages = s.packages.packages.map((p) => ({
    SPDXID: packageId(p),
    name: p.name,
    versionInfo: p.version,
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: declared(p),
    copyrightText: 'NOASSERTION',
    primaryPackagePurpose: 'LIBRARY',
    sourceInfo: `found in layer ${p.layer} at ${p.location}`,
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl }],
  }));
  const image = 'SPDXRef-Image';
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: s.ref,
    documentNamespace: `https://berth.local/spdx/${encodeURIComponent(idPart(s.ref))}-${randomUUID()}`,
    creationInfo: { created: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), creators: [`Tool: ${s.tool.name}-${s.tool.version}`] },
    packages: [
      {
        SPDXID: image,
        name: s.ref,
        versionInfo: s.packages.id,
        downloadLocation: 'NOASSERTION',
        filesAnalyzed: false,
        primaryPackagePurpose: 'CONTAINER',
        ...(s.packages.os?.prettyName ? { comment: s.packages.os.prettyName } : {}),
      },
      ...packages,
    ],
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: image },
      ...packages.map((p) => ({ spdxElementId: image, relationshipType: 'CONTAINS', relatedSpdxElement: p.SPDXID })),
    ],
    ...(extracted.size
      ? {
          hasExtractedLicensingInfos: [...extracted].map(([licenseId, name]) => ({
            licenseId,
            name,
            extractedText: `The package metadata names the licence "${name}"; its text is in the package.`,
          })),
        }
      : {}),
  };
}
