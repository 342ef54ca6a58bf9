/** The error type of the session modules: a focus error code or a local one, and a message. */

/** A refused request (`code` from the focus, see ErrorCode) or a local failure. */
export class SessionError extends Error {
  /**
   * A focus error code, or one of the local ones: `connection_failed` (the socket did not open),
   * `connection_lost`, `protocol` (the focus sent something this client cannot read),
   * `webrtc` (the browser refused a description), `invalid_state`.
   */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'SessionError';
    this.code = code;
  }
}

/** `err` as a SessionError: itself if it is one, else `code` with its message after `context`. */
export function toSessionError(err: unknown, code: string, context?: string): SessionError {
  if (err instanceof SessionError) return err;
  const message = describe(err);
  return new SessionError(code, context === undefined ? message : `${context}: ${message}`);
}

export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
