/*
 * The publish peer connection of docs/protocol.md, one life of it: this browser offers its
 * microphone and camera (`sendonly`), the bridge answers. The camera goes out as simulcast (up to
 * three encodings, see simulcast.ts) unless disabled; senderConstraints switch encodings off and
 * on once the bridge has answered.
 *
 * A `moved` ends this publisher and starts another on the same tracks: after close() nothing it
 * started reaches the listener (events of the old connection, a late answer, a failed
 * setParameters), and a publish() in progress rejects with `invalid_state`.
 */

import type { MediaKind, PublishAnswerMessage, PublishOfferMessage } from './protocol.js';
import { activeLayers, encodedHeight, preferCodecs, PREFERRED_AUDIO_CODECS, PREFERRED_VIDEO_CODECS, sendEncodings } from './simulcast.js';
import { SessionError, toSessionError } from './session-error.js';
import { outboundStats, type OutboundStat } from './stats.js';

export interface PublisherListener {
  /** Sends the offer and resolves with the bridge's answer (rejects with the focus's error). */
  exchange(offer: PublishOfferMessage): Promise<PublishAnswerMessage>;
  connectionStateChanged(state: RTCPeerConnectionState): void;
  /** A failed senderConstraints update (publish() reports its own failures). */
  error(error: SessionError): void;
}

export interface PublisherOptions {
  /** Its first audio and first video track are published (the caller owns and mutes them). */
  stream: MediaStream;
  /** Send the camera as simulcast encodings; false sends one encoding. */
  simulcast: boolean;
}

export class Publisher {
  private readonly pc: RTCPeerConnection;
  private readonly options: PublisherOptions;
  private readonly listener: PublisherListener;
  /** The camera's sender, once added. */
  private videoSender: RTCRtpSender | null = null;
  /** Set once the bridge has answered the offer; encodings change only after that. */
  private answered = false;
  /** The latest senderConstraints height, null until the first. */
  private maxHeight: number | null = null;
  /** setParameters calls run one after another. */
  private encodingQueue: Promise<void> = Promise.resolve();
  private publishing: Promise<void> | null = null;
  private closed = false;
  private readonly whenClosed: Promise<never>;
  private rejectClosed: (error: SessionError) => void = () => undefined;

  constructor(configuration: RTCConfiguration, options: PublisherOptions, listener: PublisherListener) {
    this.options = options;
    this.listener = listener;
    this.whenClosed = new Promise<never>((_, reject) => {
      this.rejectClosed = reject;
    });
    this.whenClosed.catch(() => undefined); // only publish() awaits it
    const pc = new RTCPeerConnection(configuration);
    pc.addEventListener('connectionstatechange', () => {
      if (!this.closed) this.listener.connectionStateChanged(pc.connectionState);
    });
    this.pc = pc;
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  /** True once the bridge's answer has been applied. */
  get published(): boolean {
    return this.answered;
  }

  /** Adds the tracks, sends the offer and applies the answer; later calls return the first call's promise. */
  publish(): Promise<void> {
    this.publishing ??= this.negotiate();
    return this.publishing;
  }

  private async negotiate(): Promise<void> {
    const pc = this.pc;
    const stream = this.options.stream;
    const audio = stream.getAudioTracks()[0];
    const video = stream.getVideoTracks()[0];
    if (audio !== undefined) {
      const transceiver = pc.addTransceiver(audio, { direction: 'sendonly', streams: [stream] });
      preferCodecsOn(transceiver, 'audio', PREFERRED_AUDIO_CODECS);
    }
    if (video !== undefined) {
      const init: RTCRtpTransceiverInit = { direction: 'sendonly', streams: [stream] };
      if (this.options.simulcast) init.sendEncodings = sendEncodings(captureHeight(video));
      const transceiver = pc.addTransceiver(video, init);
      preferCodecsOn(transceiver, 'video', PREFERRED_VIDEO_CODECS);
      this.videoSender = transceiver.sender;
    }
    const offer = await this.unlessClosed(pc.createOffer());
    await this.unlessClosed(pc.setLocalDescription(offer));
    const sdp = pc.localDescription?.sdp ?? offer.sdp ?? '';
    const answer = await this.unlessClosed(this.listener.exchange({ type: 'publishOffer', sdp }));
    await this.unlessClosed(pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp }));
    this.answered = true;
    if (this.maxHeight !== null) this.queueEncodingUpdate();
  }

  /** senderConstraints: no video taller than `maxHeight` (0: none). Applied once published. */
  setMaxHeight(maxHeight: number): void {
    this.maxHeight = maxHeight;
    this.queueEncodingUpdate();
  }

  /** Statistics of the sent tracks; null when this publisher closed meanwhile. */
  async outboundStats(): Promise<OutboundStat[] | null> {
    let report: RTCStatsReport;
    try {
      report = await this.pc.getStats();
    } catch (err) {
      if (this.closed) return null;
      throw err;
    }
    return this.closed ? null : outboundStats(report);
  }

  /** Closes the connection (not the tracks). Idempotent; silences the listener. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.rejectClosed(new SessionError('invalid_state', 'the publish connection was closed'));
    this.pc.close();
  }

  private async unlessClosed<T>(step: Promise<T>): Promise<T> {
    if (this.closed) throw new SessionError('invalid_state', 'the publish connection was closed');
    return Promise.race([step, this.whenClosed]);
  }

  private queueEncodingUpdate(): void {
    this.encodingQueue = this.encodingQueue.then(() => this.updateEncodings());
  }

  /**
   * Switches the camera's encodings on and off for the latest senderConstraints: those taller
   * than the height go off, except the lowest while the height is above 0. Reads the latest
   * height when it runs, so a burst of constraints costs one setParameters.
   */
  private async updateEncodings(): Promise<void> {
    const sender = this.videoSender;
    const maxHeight = this.maxHeight;
    if (sender === null || maxHeight === null || !this.answered || this.closed) return;
    const track = sender.track;
    const height = track === null ? 0 : captureHeight(track);
    const parameters = sender.getParameters();
    const wanted = activeLayers(
      parameters.encodings.map((e) => encodedHeight(height, e.scaleResolutionDownBy)),
      maxHeight,
    );
    if (parameters.encodings.every((e, i) => (e.active ?? true) === wanted[i])) return;
    parameters.encodings.forEach((e, i) => {
      e.active = wanted[i] ?? true;
    });
    try {
      await sender.setParameters(parameters);
    } catch (err) {
      if (this.closed) return;
      this.listener.error(toSessionError(err, 'webrtc', `sender constraints ${maxHeight}`));
    }
  }
}

/** The height the camera captures at (720 when the browser does not say). */
function captureHeight(track: MediaStreamTrack): number {
  return track.getSettings().height ?? 720;
}

/**
 * Puts the preferred codecs first in the transceiver's offer, when the browser lets us: the
 * list comes from RTCRtpReceiver.getCapabilities, or for a browser that checks a send-only
 * transceiver against what it can send, from RTCRtpSender.getCapabilities. A refusal leaves the
 * browser's order.
 */
function preferCodecsOn(transceiver: RTCRtpTransceiver, kind: MediaKind, preferred: readonly string[]): void {
  if (typeof transceiver.setCodecPreferences !== 'function') return;
  const sources = [RTCRtpReceiver, RTCRtpSender].filter((c) => typeof c.getCapabilities === 'function');
  for (const source of sources) {
    const codecs = source.getCapabilities(kind)?.codecs ?? [];
    if (codecs.length === 0) continue;
    try {
      transceiver.setCodecPreferences(preferCodecs(codecs, preferred));
      return;
    } catch {
      // Try the next list; failing all, the browser's own order stays.
    }
  }
}
