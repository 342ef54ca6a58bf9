/*
 * What the prejoin screen says when the focus refuses a join: one sentence per error code of
 * docs/protocol.md, for people rather than for developers. The focus's own message (which names
 * the detail, e.g. the token's room) follows it in the page.
 */

/** What the prejoin screen does next for a refusal. */
export type JoinErrorAction = 'none' | 'askPassword' | 'retryPassword';

export interface JoinErrorText {
  /** The sentence to show. */
  text: string;
  /** `askPassword`: show the password field; `retryPassword`: keep it and select it. */
  action: JoinErrorAction;
}

const TEXTS: Readonly<Record<string, JoinErrorText>> = {
  token_required: { text: 'This meeting needs an invitation: open the link you were given (it carries ?jwt=…).', action: 'none' },
  token_invalid: { text: 'The invitation in this link is damaged or incomplete.', action: 'none' },
  token_bad_signature: { text: 'The invitation in this link was not issued for this server (its signature does not verify).', action: 'none' },
  token_expired: { text: 'The invitation in this link has expired. Ask for a new link.', action: 'none' },
  token_not_yet_valid: { text: 'The invitation in this link is not valid yet. Try again later.', action: 'none' },
  token_wrong_room: { text: 'The invitation in this link is for another meeting.', action: 'none' },
  token_wrong_audience: { text: 'The invitation in this link was issued for another service (wrong audience).', action: 'none' },
  token_wrong_issuer: { text: 'The invitation in this link comes from an issuer this server does not trust.', action: 'none' },
  password_required: { text: 'This meeting is locked. Enter its password to join.', action: 'askPassword' },
  wrong_password: { text: 'Wrong password. Try again.', action: 'retryPassword' },
  password_attempts_exceeded: { text: 'Too many wrong passwords. Wait a moment, then try again.', action: 'retryPassword' },
  invalid_name: { text: 'That name cannot be used.', action: 'none' },
  invalid_room: { text: 'You cannot join this meeting.', action: 'none' },
  bridge_unavailable: { text: 'The server has no media capacity right now. Try again in a moment.', action: 'none' },
  server_full: { text: 'The server is full right now. Try again in a moment.', action: 'none' },
  rate_limited: { text: 'Too many requests from this page. Wait a moment, then try again.', action: 'none' },
};

/** The sentence and the next step for refusal `code`; null for codes without one of their own. */
export function joinErrorText(code: string): JoinErrorText | null {
  return Object.hasOwn(TEXTS, code) ? (TEXTS[code] ?? null) : null;
}
