import { describe, expect, it } from 'vitest';
import { clientCertRefusal, connectionSentence } from './connect.js';

const tlsEp = { host: 'tcp://10.0.0.2:2376', tls: { ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem' } };
/** An error as Node's TLS layer raises it when the server sends an alert. */
const alert = (code: string, words: string, n: number) =>
  Object.assign(new Error(`C0B7:error:0A000415:SSL routines:ssl3_read_bytes:${words}:../deps/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number ${n}\n`), {
    code,
  });

describe('connectionSentence for TLS', () => {
  it('says the client certificate expired when the engine says so, not that its CA is wrong', () => {
    const s = connectionSentence(alert('ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', 'sslv3 alert certificate expired', 45), tlsEp);
    expect(s).toContain('refused your client certificate because it has expired');
    expect(s).not.toContain('not signed');
  });

  it('says the client certificate is from a CA the engine does not trust', () => {
    expect(connectionSentence(alert('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'tlsv1 alert unknown ca', 48), tlsEp)).toContain('not signed by a CA the engine trusts');
  });

  it('names a missing or unfit client certificate', () => {
    expect(connectionSentence(alert('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'tlsv13 alert certificate required', 116), tlsEp)).toContain('was given none');
    expect(connectionSentence(alert('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'sslv3 alert bad certificate', 42), tlsEp)).toContain('clientAuth');
  });

  it("tells the engine's own expired certificate and a wrong CA file apart from a refused client certificate", () => {
    const expired = Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' });
    expect(connectionSentence(expired, tlsEp)).toBe("The engine's certificate has expired: renew it on the engine.");
    const leaf = Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(connectionSentence(leaf, tlsEp)).toContain('not signed by the CA you gave');
  });

  it('leaves alerts to the generic sentence for an engine without TLS files, and other alerts alone', () => {
    expect(connectionSentence(alert('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'tlsv1 alert unknown ca', 48), { host: 'tcp://10.0.0.2:2375' })).not.toContain(
      'client certificate',
    );
    expect(clientCertRefusal('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE sslv3 alert handshake failure SSL alert number 40')).toBeUndefined();
  });
});

describe('connectionSentence for networks', () => {
  it('says an address that does not answer ARP cannot be reached', () => {
    const e = Object.assign(new Error('connect EHOSTUNREACH 10.231.7.254:22'), { code: 'EHOSTUNREACH' });
    expect(connectionSentence(e, { host: 'ssh://root@10.231.7.254' })).toBe(
      'ssh://root@10.231.7.254 cannot be reached from this computer (no route): check the address and your network.',
    );
  });
});
