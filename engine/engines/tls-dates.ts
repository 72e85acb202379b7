/** Pure: whether a PEM certificate is valid now, so an expired client certificate is named before (or when) the engine refuses it. */
import { X509Certificate } from 'node:crypto';

/** When a certificate is not valid at `now`: expired, or not yet valid; undefined when it is valid or is not a certificate. */
export type CertificateDates = { readonly expired: string } | { readonly notBefore: string };

/** The day a `validTo`/`validFrom` date falls on, as YYYY-MM-DD (UTC). */
const day = (d: Date) => d.toISOString().slice(0, 10);

export function certificateDates(pem: string | Buffer, now: Date = new Date()): CertificateDates | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return undefined;
  }
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (now.getTime() > to.getTime()) return { expired: day(to) };
  if (now.getTime() < from.getTime()) return { notBefore: day(from) };
  return undefined;
}

/** The sentence for a certificate that is not valid now; `what` names it ("client certificate", "CA certificate"). */
export function certificateDatesSentence(d: CertificateDates, what: string): string {
  return 'expired' in d
    ? `The ${what} expired on ${d.expired}: choose one that is valid today (a new one from the CA that made it).`
    : `The ${what} is not valid before ${d.notBefore}: check this computer's clock, or use a certificate valid today.`;
}
