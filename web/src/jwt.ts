/*
 * What the page may read from the meeting link's token (`?jwt=`, Jitsi's layout) before joining:
 * the name it will join under (`context.user.name`), to show it on the prejoin screen. Nothing
 * here is verified — the focus checks the signature, the room, the audience, the issuer and the
 * lifetime, and is the one that decides the name; this only predicts what it will say.
 */

/** The token's `context.user.name`, trimmed; null when it has none or the token cannot be read. */
export function tokenDisplayName(token: string): string | null {
  const payload = tokenPayload(token);
  const context = payload?.['context'];
  const user = isRecord(context) ? context['user'] : undefined;
  const name = isRecord(user) ? user['name'] : undefined;
  if (typeof name !== 'string') return null;
  const trimmed = name.trim();
  return trimmed === '' ? null : trimmed;
}

/** The decoded (unverified) payload of a compact JWS, or null. */
export function tokenPayload(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return null;
  try {
    const value: unknown = JSON.parse(base64UrlToText(parts[1]));
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

function base64UrlToText(part: string): string {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
