import { describe, expect, it } from 'vitest';
import type { ImagePackages } from './contract.js';
import { SPDX_IDS, spdxExpression, spdxId } from './licences.js';
import { cycloneDx, spdx } from './sbom.js';
import { cycloneDx15Validator, spdxLicenceIds } from './sbom-schemas.js';

const packages: ImagePackages = {
  id: 'sha256:' + 'a'.repeat(64),
  os: { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
  layers: [],
  unreadable: [],
  packages: [
    {
      ecosystem: 'deb',
      name: 'libc6',
      version: '2.36-9+deb12u4',
      licences: ['LGPL-2.1+', 'GPL-2+', 'public-domain'],
      size: 13302784,
      arch: 'amd64',
      source: 'glibc',
      location: '/var/lib/dpkg/status',
      purl: 'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc',
      layer: 2,
    },
    { ecosystem: 'npm', name: 'x', version: '1.0.0', licences: ['MIT OR Apache-2.0'], location: '/app/node_modules/x', purl: 'pkg:npm/x@1.0.0', layer: 5 },
    { ecosystem: 'npm', name: 'x', version: '1.0.0', licences: ['MIT'], location: '/srv/node_modules/x', purl: 'pkg:npm/x@1.0.0', layer: 5 },
    {
      ecosystem: 'python',
      name: 'requests',
      version: '2.31.0',
      licences: ['Apache 2.0'],
      location: '/usr/lib/python3/dist-packages/requests-2.31.0.dist-info',
      purl: 'pkg:pypi/requests@2.31.0',
      layer: 6,
    },
    { ecosystem: 'go', name: 'stdlib', version: 'go1.21.5', licences: [], location: '/usr/local/bin/app', purl: 'pkg:golang/stdlib@go1.21.5', layer: 7 },
  ],
};
const subject = { ref: 'example/app:1', packages, tool: { name: 'Berth', version: '0.1.0' }, now: new Date('2026-12-05T10:00:00.123Z') };

describe('SBOM documents', () => {
  it('knows only real SPDX licence ids, and maps Debian’s short names to them', () => {
    const real = spdxLicenceIds();
    expect([...SPDX_IDS.values()].filter((id) => !real.has(id))).toEqual([]);
    expect(spdxId('GPL-2+')).toBe('GPL-2.0-or-later');
    expect(spdxId('Expat')).toBe('MIT');
    expect(spdxExpression(['GPL-2+ or Artistic'])).toBe('GPL-2.0-or-later OR Artistic-1.0-Perl');
    expect(spdxExpression(['MIT', 'Apache-2.0 OR MIT'])).toBe('MIT AND (Apache-2.0 OR MIT)');
    expect(spdxExpression(['GPL-2.0-only WITH Classpath-exception-2.0'])).toBe('GPL-2.0-only WITH Classpath-exception-2.0');
    expect(spdxExpression(['public-domain'])).toBeUndefined();
  });

  it('makes a CycloneDX 1.5 document that the published schema accepts, each package with its purl, licences and layer', () => {
    const doc = cycloneDx(subject) as {
      components: Array<{ purl: string; licenses?: unknown[]; 'bom-ref': string; properties: Array<{ name: string; value: string }> }>;
    };
    const validate = cycloneDx15Validator();
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(doc.components.map((c) => c.purl)).toEqual(packages.packages.map((p) => p.purl));
    expect(doc.components[0]!.licenses).toEqual([
      { license: { id: 'LGPL-2.1-or-later' } },
      { license: { id: 'GPL-2.0-or-later' } },
      { license: { name: 'public-domain' } },
    ]);
    expect(doc.components[1]!.licenses).toEqual([{ expression: 'MIT OR Apache-2.0' }]);
    // The same package in two places keeps two distinct references.
    expect(new Set(doc.components.map((c) => c['bom-ref'])).size).toBe(5);
    expect(doc.components[0]!.properties).toContainEqual({ name: 'berth:layer:index', value: '2' });
    // A document that breaks the schema is refused: the validator is not a rubber stamp.
    expect(validate({ ...doc, specVersion: 1.5 })).toBe(false);
  });

  it('makes an SPDX 2.3 document: every package contained by the image, names that are not SPDX ids as defined LicenseRefs', () => {
    const doc = spdx(subject) as {
      creationInfo: { created: string };
      packages: Array<{ SPDXID: string; licenseDeclared?: string; externalRefs?: Array<{ referenceLocator: string }> }>;
      relationships: Array<{ relationshipType: string; relatedSpdxElement: string }>;
      hasExtractedLicensingInfos: Array<{ licenseId: string }>;
    };
    expect(doc.creationInfo.created).toBe('2026-12-05T10:00:00Z');
    expect(doc.packages[1]!.licenseDeclared).toBe('LGPL-2.1-or-later AND GPL-2.0-or-later AND LicenseRef-public-domain');
    expect(doc.packages[4]!.licenseDeclared).toBe('Apache-2.0');
    expect(doc.packages[5]!.licenseDeclared).toBe('NOASSERTION');
    expect(doc.hasExtractedLicensingInfos.map((l) => l.licenseId).sort()).toEqual(['LicenseRef-public-domain']);
    expect(new Set(doc.packages.map((p) => p.SPDXID)).size).toBe(6);
    expect(doc.relationships.filter((r) => r.relationshipType === 'CONTAINS')).toHaveLength(5);
  });
});
