/*
 * The signaling WebSocket of docs/protocol.md: JSON frames, a fresh requestId on every message,
 * requests matched with their replies, the keepalive ping. Knows nothing of rooms or media; the
 * session hears every decoded message through a narrow listener.
 *
 * Resumption: once the session enables it (the focus's `joined` carried a resume token), a
 * socket that closes by itself is `dropped`, not `closed`: pending requests stay pending, what
 * is sent meanwhile is kept, and `resume()` opens a new socket, proves the participant with
 * `resume`, and after `resumed` sends again what the focus had not handled (same requestIds).
 * The focus then sends what this page missed, after the last `seq` it had received.
 */

import { decodeServerMessage, encodeMessage, type ClientMessage, type ServerMessage } from './protocol.js';
import { describe, SessionError } from './session-error.js';

type ServerType = ServerMessage['type'];
export type Reply<T extends ServerType> = Extract<ServerMessage, { type: T }>;

export interface ChannelListener {
  /** Every decoded message, before the request it answers (if any) settles. */
  message(message: ServerMessage): void;
  /** A frame this client cannot read, or a focus error no pending request takes (with its requestId). */
  error(error: SessionError, requestId?: number): void;
  /** The socket closed by itself after it had opened; every pending request was rejected with `error`. */
  closed(error: SessionError): void;
  /** With resumption on: the socket closed by itself; requests stay pending until `resume()` or `close()`. */
  dropped(error: SessionError): void;
  /** True while a join is in progress: an error without requestId then goes to the oldest request. */
  joining(): boolean;
}

interface PendingRequest {
  requestId: number;
  expect: ServerType;
  resolve: (message: ServerMessage) => void;
  reject: (error: SessionError) => void;
}

export class SignalingChannel {
  private readonly url: string;
  private readonly listener: ChannelListener;
  private socket: WebSocket | null = null;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private requestCounter = 1;
  private readonly pending: PendingRequest[] = [];
  private ended = false;
  /** The highest `seq` received. */
  private lastSeq = 0;
  /** Set by enableResume(): who to resume as. */
  private resumeAs: { participantId: string; token: string } | null = null;
  /** Messages sent (but pings), oldest first, for sending again after a resume. */
  private readonly sentLog: { requestId: number; message: ClientMessage }[] = [];
  /** The highest requestId that fell out of sentLog. */
  private forgottenRequestId = 0;
  /** True while resume() waits for `resumed`: a close then fails that attempt, it is not a new drop. */
  private resuming = false;

  constructor(url: string, listener: ChannelListener) {
    this.url = url;
    this.listener = listener;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** The requestId the next message will carry; every message sent before has a lower one. */
  get nextRequestId(): number {
    return this.requestCounter;
  }

  /** The `seq` of the last message received. */
  get lastReceivedSeq(): number {
    return this.lastSeq;
  }

  /** From now on a socket that closes by itself is `dropped` and may be resumed as `participantId`. */
  enableResume(participantId: string, token: string): void {
    this.resumeAs = { participantId, token };
  }

  /**
   * After `dropped`: a new socket, `resume`, and once `resumed` came, the messages the focus had
   * not handled sent again. Rejects (nothing pending is rejected) when the socket cannot be opened,
   * closes first, or the focus refuses (`resume_failed`); the caller may try again or close().
   */
  async resume(): Promise<void> {
    const as = this.resumeAs;
    if (as === null || this.ended) throw new SessionError('invalid_state', 'nothing to resume');
    await this.open();
    this.resuming = true;
    let resumed: Reply<'resumed'>;
    try {
      resumed = await new Promise<Reply<'resumed'>>((resolve, reject) => {
        const requestId = this.requestCounter++;
        this.pending.push({ requestId, expect: 'resumed', resolve: resolve as (m: ServerMessage) => void, reject });
        this.socket?.send(encodeMessage({ type: 'resume', participantId: as.participantId, resumeToken: as.token, lastSeq: this.lastSeq, requestId }));
      });
    } finally {
      this.resuming = false;
    }
    const handled = resumed.lastRequestId ?? 0;
    if (this.forgottenRequestId > handled) {
      const error = new SessionError('resume_failed', `message ${this.forgottenRequestId} sent meanwhile is no longer kept`);
      this.socket?.close(1000, 'resume failed');
      throw error;
    }
    for (const entry of this.sentLog) {
      if (entry.requestId > handled) this.socket?.send(encodeMessage({ ...entry.message, requestId: entry.requestId }));
    }
  }

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      let socket: WebSocket;
      try {
        socket = new WebSocket(this.url);
      } catch (err) {
        reject(new SessionError('connection_failed', `cannot open ${this.url}: ${describe(err)}`));
        return;
      }
      this.socket = socket;
      const onOpen = (): void => {
        socket.removeEventListener('close', onEarlyClose);
        socket.addEventListener('close', (e) => this.onClosed(e, socket));
        resolve();
      };
      const onEarlyClose = (e: CloseEvent): void => {
        reject(new SessionError('connection_failed', `the signaling server at ${this.url} refused the connection${closeDetail(e)}`));
      };
      socket.addEventListener('open', onOpen, { once: true });
      socket.addEventListener('close', onEarlyClose, { once: true });
      socket.addEventListener('message', (e) => this.onFrame(e));
    });
  }

  /**
   * Sends a message with a fresh requestId, so that an error it causes can be told apart from
   * the errors of other messages. Returns the id.
   */
  send(message: ClientMessage): number {
    const requestId = this.requestCounter++;
    if (this.resumeAs !== null && message.type !== 'ping') {
      this.sentLog.push({ requestId, message });
      const forgotten = this.sentLog.length > SENT_LOG_LIMIT ? this.sentLog.shift() : undefined;
      if (forgotten !== undefined) this.forgottenRequestId = forgotten.requestId;
    }
    if (this.isOpen && !this.resuming) this.socket?.send(encodeMessage({ ...message, requestId }));
    return requestId;
  }

  /** Sends a request and waits for its reply of type `expect` (or an error). */
  request<T extends ServerType>(message: ClientMessage, expect: T): Promise<Reply<T>> {
    return new Promise<Reply<T>>((resolve, reject) => {
      const requestId = this.requestCounter; // registered first: a reply cannot overtake it
      this.pending.push({ requestId, expect, resolve: resolve as (m: ServerMessage) => void, reject });
      this.send(message);
    });
  }

  /** Sends `ping` every `periodMs` while the socket is open. */
  startPing(periodMs: number): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (this.isOpen) this.send({ type: 'ping' });
    }, periodMs);
  }

  /** Stops the ping, rejects what is pending and closes the socket. Idempotent. */
  close(code: number, reason: string): void {
    this.ended = true;
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    const error = new SessionError('invalid_state', 'the session has ended');
    for (const request of this.pending.splice(0)) request.reject(error);
    const socket = this.socket;
    this.socket = null;
    if (socket !== null && socket.readyState !== WebSocket.CLOSED) socket.close(code, reason);
  }

  /**
   * Removes and returns the request a message answers: the one with its requestId; failing that
   * (a focus that does not echo ids) the oldest expecting its type, or for an error without an
   * id, the oldest request of a join in progress.
   */
  private takePending(message: ServerMessage): PendingRequest | undefined {
    let index = this.pending.findIndex((p) => p.requestId === message.requestId);
    if (index < 0 && message.type !== 'error') {
      index = this.pending.findIndex((p) => p.expect === message.type);
    } else if (index < 0 && message.requestId === undefined && this.listener.joining()) {
      index = 0;
    }
    return index < 0 ? undefined : this.pending.splice(index, 1)[0];
  }

  private onFrame(event: MessageEvent): void {
    if (typeof event.data !== 'string') {
      this.listener.error(new SessionError('protocol', 'the focus sent a binary frame'));
      return;
    }
    const decoded = decodeServerMessage(event.data);
    if (!decoded.ok) {
      this.listener.error(new SessionError('protocol', `unreadable message from the focus: ${decoded.error}`));
      return;
    }
    const message = decoded.message;
    if (message.seq !== undefined && message.seq > this.lastSeq) this.lastSeq = message.seq;
    // Room state first, so that whoever awaits a reply sees it applied.
    this.listener.message(message);
    const request = this.takePending(message);
    if (message.type === 'error') {
      const error = new SessionError(message.code, message.message);
      if (request !== undefined) request.reject(error);
      else this.listener.error(error, message.requestId);
    } else {
      request?.resolve(message);
    }
  }

  private onClosed(event: CloseEvent, socket: WebSocket): void {
    if (this.ended || socket !== this.socket) return; // a socket given up on earlier
    if (this.resumeAs !== null) {
      const error = new SessionError('connection_lost', `the signaling connection closed${closeDetail(event)}`);
      this.socket = null;
      if (this.resuming) {
        // The attempt's own socket closed before `resumed`: fail that attempt only.
        const index = this.pending.findIndex((p) => p.expect === 'resumed');
        if (index >= 0) this.pending.splice(index, 1)[0]?.reject(error);
        return;
      }
      this.listener.dropped(error);
      return;
    }
    this.ended = true;
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    const error = new SessionError('connection_lost', `the signaling connection closed${closeDetail(event)}`);
    for (const request of this.pending.splice(0)) request.reject(error);
    this.listener.closed(error);
  }
}

/** Messages kept for sending again after a resume: far more than a page sends in a grace period. */
const SENT_LOG_LIMIT = 256;

function closeDetail(event: CloseEvent): string {
  if (event.code === 1000 && event.reason === '') return '';
  return ` (code ${event.code}${event.reason === '' ? '' : `: ${event.reason}`})`;
}
