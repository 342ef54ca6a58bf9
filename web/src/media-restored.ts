/*
 * When media counts as re-established after `moved` (the page's "reconnecting" indicator).
 * Pure, so that it is tested without a browser.
 */

export interface MediaAfterMove {
  /** Remote participants in the roster. */
  remoteParticipants: number;
  /** The new publish connection's state. */
  publishState: RTCPeerConnectionState;
  /** The new subscribe connection's state; null until the new bridge's first offer created it. */
  subscribeState: RTCPeerConnectionState | null;
  /** Tracks the new bridge's latest subscribe offer lists (0 before the first). */
  offeredTracks: number;
  /** Remote tracks delivered on the new subscribe connection. */
  deliveredTracks: number;
  /** Offers the new subscribe connection has answered. */
  answeredOffers: number;
}

/**
 * Alone in the room: once the new publish connection is connected. With others: once the new
 * subscribe connection is connected and, if its offer lists tracks (someone else publishes), one
 * of them has arrived.
 */
export function mediaRestored(m: MediaAfterMove): boolean {
  if (m.remoteParticipants === 0) return m.publishState === 'connected';
  if (m.subscribeState !== 'connected' || m.answeredOffers === 0) return false;
  return m.offeredTracks === 0 || m.deliveredTracks > 0;
}
