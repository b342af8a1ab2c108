// The per-run token navstack prints in the viewer URL (?token=...). It is added to the rosbridge URL
// only when that URL points at the server the page came from, so it never leaks to another host.

export function pageToken(search = location.search): string | undefined {
  return new URLSearchParams(search).get('token') || undefined;
}

/** The URL to open: with `token` added when the URL's host is the page's own and it carries none. */
export function withPageToken(url: string, token: string | undefined, pageHost = location.hostname): string {
  if (!token) return url;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (u.hostname !== pageHost || u.searchParams.has('token')) return url;
  u.searchParams.set('token', token);
  return u.toString();
}
