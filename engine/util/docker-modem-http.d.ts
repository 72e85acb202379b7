/** docker-modem's own redirect-following http wrapper (untyped upstream); only the setting Berth changes. */
declare module 'docker-modem/lib/http.js' {
  const http: { maxRedirects: number };
  export default http;
}
