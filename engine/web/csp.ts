/**
 * The one Content-Security-Policy of Berth's UI, sent by the web host and by
 * Electron's berth:// protocol. Scripts only from the app itself; inline
 * styles are allowed because xterm.js injects its theme's styles at run time.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
