/*
 * The signaling protocol, browser ⇄ focus (docs/protocol.md, version 1).
 *
 * JSON text frames over a WebSocket at /signaling; every message is an object whose `type` names
 * it, property names are camelCase. A client message may carry an integer `requestId`; the reply
 * or error it causes carries the same one. The C# side is src/ScaleMeet.Contracts/Signaling.
 * A change to the protocol changes docs/protocol.md, the C# records and this file together.
 */

export const PROTOCOL_VERSION = 1;
export const SIGNALING_PATH = '/signaling';
/** Frames larger than this are refused by the focus. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export type MediaKind = 'audio' | 'video';

/** A participant as the others see it. */
export interface Participant {
  participantId: string;
  displayName: string;
  audioMuted: boolean;
  videoMuted: boolean;
}

/** An ICE server for RTCPeerConnection's configuration (TURN credentials are short-lived). */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** One remote track of a subscribe offer: the media section `mid` carries `participantId`'s track. */
export interface TrackInfo {
  mid: string;
  participantId: string;
  kind: MediaKind;
  trackId: string;
}

interface MessageBase {
  /** Set by the client on a request; echoed on the reply or error that answers it. */
  requestId?: number;
  /**
   * Set by the focus on what it sends a participant (all but `pong` and `resumed`): 1, 2, 3, …
   * across resumed connections. A page resuming names the last one it received.
   */
  seq?: number;
}

// Client → focus

export interface JoinMessage extends MessageBase {
  type: 'join';
  /** 1–64 of `A–Z a–z 0–9 _ . -`; see isValidRoomName. */
  room: string;
  /** 1–64 characters. Ignored when the token carries `context.user.name`. */
  displayName: string;
  /** The room's password, when a moderator has locked it. */
  password?: string;
  /** The JWT (`?jwt=` of the meeting link); required when the server runs with ScaleMeet:Auth:Mode=jwt. */
  token?: string;
}

/** A moderator locks the room with `password`, or unlocks it (absent or empty). Answered by `roomLocked`. */
export interface SetRoomPasswordMessage extends MessageBase {
  type: 'setRoomPassword';
  password?: string;
}

export interface PublishOfferMessage extends MessageBase {
  type: 'publishOffer';
  sdp: string;
}

export interface SubscribeAnswerMessage extends MessageBase {
  type: 'subscribeAnswer';
  sdp: string;
  version: number;
}

export interface SetMutedMessage extends MessageBase {
  type: 'setMuted';
  audioMuted: boolean;
  videoMuted: boolean;
}

export interface LeaveMessage extends MessageBase {
  type: 'leave';
}

export interface PingMessage extends MessageBase {
  type: 'ping';
}

/** The largest video height a receiver wants from one source; 0 means "no video". */
export interface VideoConstraint {
  maxHeight: number;
}

/**
 * What video this receiver wants (Jitsi's ReceiverVideoConstraints, keyed by participant id). Sent
 * whenever the layout changes; the latest one counts. Sources not in `constraints` get
 * `defaultMaxHeight`.
 */
export interface ReceiverConstraintsMessage extends MessageBase {
  type: 'receiverConstraints';
  /** At most this many video sources; −1 = all. */
  lastN: number;
  /** The participants shown on stage (highest priority). */
  onStage: string[];
  defaultMaxHeight: number;
  /** Participant id → the height its video is displayed at (device pixels, rounded up to a layer). */
  constraints: Record<string, VideoConstraint>;
}

export type ClientMessage =
  | JoinMessage
  | PublishOfferMessage
  | SubscribeAnswerMessage
  | SetMutedMessage
  | LeaveMessage
  | PingMessage
  | ReceiverConstraintsMessage
  | SetRoomPasswordMessage
  | ResumeMessage;

/**
 * First message of a new connection after the previous one dropped: be `participantId` again,
 * proven by the `resumeToken` of its `joined`; `lastSeq` is the last `seq` received.
 */
export interface ResumeMessage extends MessageBase {
  type: 'resume';
  participantId: string;
  resumeToken: string;
  lastSeq: number;
}

// Focus → client

export interface JoinedMessage extends MessageBase {
  type: 'joined';
  participantId: string;
  room: string;
  /** The others already in the room. */
  participants: Participant[];
  iceServers: IceServer[];
  protocolVersion: number;
  /** The name the others see: the one sent (trimmed), or the token's `context.user.name`. */
  displayName?: string;
  /** This participant may lock and unlock the room. */
  moderator?: boolean;
  /** The room has a password. */
  locked?: boolean;
  /** What a `resume` proves this participant with; absent when the focus does not resume. */
  resumeToken?: string;
  /** How long the focus keeps the participant after its connection dropped, ms. */
  resumeGraceMs?: number;
}

/** The focus took the participant back on this connection; `lastRequestId` is the last request it handled. */
export interface ResumedMessage extends MessageBase {
  type: 'resumed';
  participantId: string;
  lastRequestId?: number | null;
}

export interface ParticipantJoinedMessage extends MessageBase {
  type: 'participantJoined';
  participant: Participant;
}

export interface ParticipantLeftMessage extends MessageBase {
  type: 'participantLeft';
  participantId: string;
}

export interface ParticipantMutedMessage extends MessageBase {
  type: 'participantMuted';
  participantId: string;
  audioMuted: boolean;
  videoMuted: boolean;
}

export interface PublishAnswerMessage extends MessageBase {
  type: 'publishAnswer';
  sdp: string;
}

export interface SubscribeOfferMessage extends MessageBase {
  type: 'subscribeOffer';
  sdp: string;
  /** Increases with each offer; answered with the same version. */
  version: number;
  tracks: TrackInfo[];
}

export interface PongMessage extends MessageBase {
  type: 'pong';
}

/** The participant speaking now; sent to everyone in the room when it changes. */
export interface DominantSpeakerMessage extends MessageBase {
  type: 'dominantSpeaker';
  participantId: string;
}

/**
 * To a publisher: the largest video height anyone receives from it. Simulcast encodings above it
 * are deactivated (all of them for 0) and reactivated when it rises.
 */
export interface SenderConstraintsMessage extends MessageBase {
  type: 'senderConstraints';
  maxHeight: number;
}

/** A moderator (`participantId`) locked or unlocked the room; sent to everyone in it. The password is never sent. */
export interface RoomLockedMessage extends MessageBase {
  type: 'roomLocked';
  locked: boolean;
  participantId: string;
}

/** `participantId` became a moderator (the last moderator left; ScaleMeet:Auth:Mode=none). */
export interface RoleChangedMessage extends MessageBase {
  type: 'roleChanged';
  participantId: string;
  moderator: boolean;
}

/**
 * The participant's media moved to another bridge (its bridge was lost): the endpoint already
 * exists there under the same participant id. The client rebuilds both peer connections (a new
 * `publishOffer`, its `receiverConstraints` again, the new bridge's `subscribeOffer`s from version
 * 1 on a new subscribe connection); the room, the roster, mute states and roles do not change.
 */
export interface MovedMessage extends MessageBase {
  type: 'moved';
  /** Why, for people and logs, e.g. "media bridge b1 lost: no heartbeat for 6.5 s". */
  reason: string;
}

export type ErrorCode =
  | 'malformed'
  | 'unknown_type'
  | 'not_joined'
  | 'already_joined'
  | 'out_of_order'
  | 'invalid_room'
  | 'invalid_name'
  | 'bad_sdp'
  | 'bridge_unavailable'
  | 'internal'
  | 'rate_limited'
  | 'server_full'
  | 'token_required'
  | 'token_invalid'
  | 'token_bad_signature'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'token_wrong_room'
  | 'token_wrong_audience'
  | 'token_wrong_issuer'
  | 'password_required'
  | 'wrong_password'
  | 'password_attempts_exceeded'
  | 'not_moderator'
  | 'resume_failed';

export interface ErrorMessage extends MessageBase {
  type: 'error';
  /** One of ErrorCode; kept a string so a newer focus's codes still decode. */
  code: string;
  message: string;
}

export type ServerMessage =
  | JoinedMessage
  | ParticipantJoinedMessage
  | ParticipantLeftMessage
  | ParticipantMutedMessage
  | PublishAnswerMessage
  | SubscribeOfferMessage
  | PongMessage
  | DominantSpeakerMessage
  | SenderConstraintsMessage
  | RoomLockedMessage
  | RoleChangedMessage
  | MovedMessage
  | ResumedMessage
  | ErrorMessage;

export type SignalingMessage = ClientMessage | ServerMessage;
export type MessageType = SignalingMessage['type'];

/** The rule the focus applies to room names. */
export function isValidRoomName(room: string): boolean {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(room);
}

/** The rule the focus applies to display names (1–64 characters). */
export function isValidDisplayName(name: string): boolean {
  return name.length >= 1 && name.length <= 64;
}

export function encodeMessage(message: ClientMessage): string {
  return JSON.stringify(message);
}

// Decoding: check the type and every required field, ignore unknown fields.

export type DecodeResult<T> = { ok: true; message: T } | { ok: false; error: string };

type Check = (value: unknown) => boolean;
interface Shape {
  required: Record<string, Check>;
  optional?: Record<string, Check>;
}

const isString: Check = (v) => typeof v === 'string';
const isBoolean: Check = (v) => typeof v === 'boolean';
const isInteger: Check = (v) => Number.isInteger(v);
const isKind: Check = (v) => v === 'audio' || v === 'video';
const arrayOf =
  (item: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(item);
const objectOf =
  (shape: Shape): Check =>
  (v) =>
    isRecord(v) && firstProblem(v, shape) === null;
const recordOf =
  (value: Check): Check =>
  (v) =>
    isRecord(v) && Object.values(v).every(value);

const participant = objectOf({
  required: { participantId: isString, displayName: isString, audioMuted: isBoolean, videoMuted: isBoolean },
});
const iceServer = objectOf({
  required: { urls: arrayOf(isString) },
  optional: { username: isString, credential: isString },
});
const track = objectOf({
  required: { mid: isString, participantId: isString, kind: isKind, trackId: isString },
});

const videoConstraint = objectOf({ required: { maxHeight: isInteger } });

const shapes: { [K in MessageType]: Shape } = {
  join: {
    required: { room: isString, displayName: isString },
    optional: { password: isString, token: isString },
  },
  publishOffer: { required: { sdp: isString } },
  subscribeAnswer: { required: { sdp: isString, version: isInteger } },
  setMuted: { required: { audioMuted: isBoolean, videoMuted: isBoolean } },
  leave: { required: {} },
  ping: { required: {} },
  receiverConstraints: {
    required: { lastN: isInteger, onStage: arrayOf(isString), defaultMaxHeight: isInteger, constraints: recordOf(videoConstraint) },
  },
  setRoomPassword: { required: {}, optional: { password: isString } },
  resume: { required: { participantId: isString, resumeToken: isString, lastSeq: isInteger } },
  joined: {
    required: {
      participantId: isString,
      room: isString,
      participants: arrayOf(participant),
      iceServers: arrayOf(iceServer),
      protocolVersion: isInteger,
    },
    optional: { displayName: isString, moderator: isBoolean, locked: isBoolean, resumeToken: isString, resumeGraceMs: isInteger },
  },
  participantJoined: { required: { participant } },
  participantLeft: { required: { participantId: isString } },
  participantMuted: { required: { participantId: isString, audioMuted: isBoolean, videoMuted: isBoolean } },
  publishAnswer: { required: { sdp: isString } },
  subscribeOffer: { required: { sdp: isString, version: isInteger, tracks: arrayOf(track) } },
  pong: { required: {} },
  dominantSpeaker: { required: { participantId: isString } },
  senderConstraints: { required: { maxHeight: isInteger } },
  roomLocked: { required: { locked: isBoolean, participantId: isString } },
  roleChanged: { required: { participantId: isString, moderator: isBoolean } },
  moved: { required: { reason: isString } },
  resumed: { required: { participantId: isString }, optional: { lastRequestId: (v) => v === null || isInteger(v) } },
  error: { required: { code: isString, message: isString } },
};

const serverTypes: ReadonlySet<string> = new Set<ServerMessage['type']>([
  'joined',
  'participantJoined',
  'participantLeft',
  'participantMuted',
  'publishAnswer',
  'subscribeOffer',
  'pong',
  'dominantSpeaker',
  'senderConstraints',
  'roomLocked',
  'roleChanged',
  'moved',
  'resumed',
  'error',
]);

/** Decodes a frame received from the focus; anything but a well-formed server message is refused. */
export function decodeServerMessage(text: string): DecodeResult<ServerMessage> {
  const result = decodeMessage(text);
  if (result.ok && !serverTypes.has(result.message.type)) {
    return { ok: false, error: `'${result.message.type}' is not a message the focus sends` };
  }
  return result as DecodeResult<ServerMessage>;
}

/** Decodes a frame of either direction (a test's fake focus uses it for client messages). */
export function decodeMessage(text: string): DecodeResult<SignalingMessage> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  if (!isRecord(value)) return { ok: false, error: 'a message must be a JSON object' };

  const type = value['type'];
  if (typeof type !== 'string') return { ok: false, error: "missing string property 'type'" };
  if (!Object.hasOwn(shapes, type)) return { ok: false, error: `unknown message type '${type}'` };

  const problem = firstProblem(value, shapes[type as MessageType], ['requestId', 'seq']);
  if (problem !== null) return { ok: false, error: `'${type}': ${problem}` };
  // Every field the type declares has been checked above.
  return { ok: true, message: value as unknown as SignalingMessage };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names the first field that is missing or of the wrong type, or returns null. */
function firstProblem(value: Record<string, unknown>, shape: Shape, integers: string[] = []): string | null {
  for (const [name, check] of Object.entries(shape.required)) {
    if (!(name in value)) return `missing '${name}'`;
    if (!check(value[name])) return `'${name}' has the wrong type`;
  }
  const optional: Record<string, Check> = { ...shape.optional };
  for (const name of integers) optional[name] = isInteger;
  for (const [name, check] of Object.entries(optional)) {
    if (value[name] !== undefined && !check(value[name])) return `'${name}' has the wrong type`;
  }
  return null;
}
