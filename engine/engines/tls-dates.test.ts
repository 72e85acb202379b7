import { describe, expect, it } from 'vitest';
import { certificateDates, certificateDatesSentence } from './tls-dates.js';

/** A client certificate valid from 2024-03-01 00:00 to 2025-03-01 12:00 UTC (made with `openssl ca`). */
const CLIENT = `-----BEGIN CERTIFICATE-----
MIIBcjCCARigAwIBAgICEAAwCgYIKoZIzj0EAwIwDDEKMAgGA1UEAwwBdDAeFw0y
NDAzMDEwMDAwMDBaFw0yNTAzMDExMjAwMDBaMB8xHTAbBgNVBAMMFGJlcnRoLWZp
eHR1cmUtY2xpZW50MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEzkLbiXKMt7p2
JoKfoaxFn7IILI454OA6gw9SPtZRmQjIK/RREJZVtPl8z27KmHD/B8v8MHGEZq5S
IKyoPiFkqKNXMFUwEwYDVR0lBAwwCgYIKwYBBQUHAwIwHQYDVR0OBBYEFKdfg8Is
GW7y+XVa/VaefkzWKdL9MB8GA1UdIwQYMBaAFHbNM+yND/PfoksPDzX90s0F0ntM
MAoGCCqGSM49BAMCA0gAMEUCIH+q93Yp5IE0EB+KhL4XJMv0mpRNe6fhQuFn+r+C
zsCIAiEAxLkHCELbG7TeW24IjXVtrCoVZ2jet77tgyHSXEdY5t0=
-----END CERTIFICATE-----
`;

describe('certificateDates', () => {
  it('is quiet while the certificate is valid, to the second', () => {
    expect(certificateDates(CLIENT, new Date('2024-03-01T00:00:00Z'))).toBeUndefined();
    expect(certificateDates(CLIENT, new Date('2025-03-01T12:00:00Z'))).toBeUndefined();
  });

  it('names the day it expired, and the day it starts', () => {
    expect(certificateDates(CLIENT, new Date('2025-03-01T12:00:01Z'))).toEqual({ expired: '2025-03-01' });
    expect(certificateDates(Buffer.from(CLIENT), new Date('2024-02-29T23:59:59Z'))).toEqual({ notBefore: '2024-03-01' });
  });

  it('says nothing of what is not a certificate', () => {
    expect(certificateDates('-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n')).toBeUndefined();
    expect(certificateDates('')).toBeUndefined();
  });

  it('words both cases as sentences naming the file', () => {
    expect(certificateDatesSentence({ expired: '2025-03-01' }, 'client certificate')).toMatch(
      /^The client certificate expired on 2025-03-01: choose one that is valid today/,
    );
    expect(certificateDatesSentence({ notBefore: '2024-03-01' }, 'CA certificate')).toContain("check this computer's clock");
  });
});
