/** Query parameters that only track where a click came from; two URLs differing in them are one page. */
const TRACKING =
  /^(utm_\w+|gclid|gclsrc|dclid|fbclid|msclkid|yclid|mc_cid|mc_eid|igshid|_ga|_gl|ref|ref_src|ref_url|trk|trkinfo|si|spm|originalsubdomain)$/i;

/**
 * The canonical form of a result URL (R8.2): https, lower-case host without default port, tracking
 * parameters and fragment removed, remaining parameters sorted, no trailing slash. The same page
 * reached under two URLs gets one form; undefined for what is not an http(s) URL.
 */
export function canonicalUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.protocol = 'https:';
  url.hash = '';
  url.username = '';
  url.password = '';
  if (url.port === '80' || url.port === '443') url.port = '';
  for (const name of [...url.searchParams.keys()]) if (TRACKING.test(name)) url.searchParams.delete(name);
  url.searchParams.sort();
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.toString();
}

/** The URL's host without `www.`, for domain allow/deny checks. */
export function hostOf(canonical: string): string {
  return new URL(canonical).hostname.replace(/^www\./, '');
}

/** True when `host` is `domain` or one of its subdomains. */
export function onDomain(host: string, domain: string): boolean {
  const bare = domain.toLowerCase().replace(/^www\./, '');
  return host === bare || host.endsWith(`.${bare}`);
}
