/**
 * A URL naming this machine. Only there are demo keys and airdrops allowed, and only such an
 * RPC URL may appear in links people share (a remote provider's URL carries its API key).
 */
export function isLocalHost(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host === "::1";
}
