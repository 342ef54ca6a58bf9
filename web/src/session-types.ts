/** The types of the Session's surface: its options, states and events (session.ts). */

import type { MediaKind, Participant, ReceiverConstraintsMessage } from './protocol.js';
import type { SessionError } from './session-error.js';

export interface SessionOptions {
  /** The signaling WebSocket, e.g. `wss://meet.example.org/signaling`. */
  url: string;
  room: string;
  displayName: string;
  /** The local microphone and camera; its first audio and first video track are published. */
  stream: MediaStream;
  /** The room's password, for a locked room. */
  password?: string;
  /** The meeting link's JWT (`?jwt=`); the focus requires it in its jwt mode. */
  token?: string;
  /** Keepalive period in milliseconds; 15 000 unless set. */
  pingIntervalMs?: number;
  /**
   * Send the camera as simulcast encodings `q`, `h`, `f` (fewer for a small capture); true unless
   * set. False sends one encoding.
   */
  simulcast?: boolean;
}

/** The content of a `receiverConstraints` message (docs/protocol.md). */
export type ReceiverConstraints = Omit<ReceiverConstraintsMessage, 'type' | 'requestId'>;

/**
 * new → connecting (join() called) → joined (media published) → closed (leave())
 * Any failure — join refused, socket lost — ends in failed. `moved` does not change the state.
 */
export type SessionState = 'new' | 'connecting' | 'joined' | 'closed' | 'failed';

/** Which of the two peer connections an event is about. */
export type PeerConnectionRole = 'publish' | 'subscribe';

export interface SessionEvents {
  stateChanged: [state: SessionState];
  /** Also emitted during join() for everyone already in the room. */
  participantJoined: [participant: Participant];
  participantLeft: [participantId: string];
  participantMuted: [participant: Participant];
  trackAdded: [participantId: string, kind: MediaKind, track: MediaStreamTrack];
  /** Also for every remote track when the media moves to another bridge (the new ones follow). */
  trackRemoved: [participantId: string, kind: MediaKind, track: MediaStreamTrack];
  connectionStateChanged: [role: PeerConnectionRole, state: RTCPeerConnectionState];
  /** The focus named the participant speaking now (null once that participant has left). */
  dominantSpeakerChanged: [participantId: string | null];
  /** The focus asked this publisher to send no video taller than `maxHeight` (0: none). */
  senderConstraints: [maxHeight: number];
  /** A moderator (`participantId`, possibly this one) locked or unlocked the room. */
  lockChanged: [locked: boolean, participantId: string];
  /** `participantId` (possibly this one) became a moderator. */
  moderatorChanged: [participantId: string];
  /** The media moved to another bridge; the peer connections are being rebuilt. */
  moved: [reason: string];
  /** A dropped signaling connection was resumed on a new one (same participant, nothing lost). */
  resumed: [];
  /** True from `moved` until media flows again, then false. */
  reconnectingChanged: [reconnecting: boolean];
  /** Problems that no pending call reports: an unsolicited focus error, a failed renegotiation, a lost socket. */
  error: [error: SessionError];
}
