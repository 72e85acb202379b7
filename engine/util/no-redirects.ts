/**
 * The Docker API never redirects on purpose, but its router answers a path
 * holding `//`, `/./` or `/../` (a name typed as `a//b`) with a 301, and
 * docker-modem follows it to `http://images/…` off the engine's socket: that
 * request's error has no listener, and the backend dies. With no redirect
 * allowed, the call fails with an error instead (worded by engineMessage).
 * Imported for its effect wherever a Docker client is made.
 */
import modemHttp from 'docker-modem/lib/http.js';

modemHttp.maxRedirects = 0;

/** docker-modem's words when the engine redirected a call. */
export const REDIRECT_REFUSED = /^Max redirects exceeded/;
