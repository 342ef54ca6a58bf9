/*
 * The subscribe peer connection of docs/protocol.md, one life of it: the bridge offers one media
 * section per remote track whenever tracks come or go; offers are applied one at a time, in
 * arrival order, each answered with its version. A section whose track went is offered inactive,
 * then recycled for the next track of its kind: the same transceiver (mid) gets a new msid and
 * SSRC and a new `track` event; trackRemoved/trackAdded tell the listener, and statistics follow
 * the new SSRC.
 *
 * Versions are not compared across subscribers: after `moved` the new bridge starts again at 1 on
 * a new Subscriber. After close() nothing of this one reaches the listener (a `track` or
 * connection-state event, an answer to an offer still being applied), except the trackRemoved of
 * the tracks it had delivered, which close() reports itself.
 */

import type { MediaKind, SubscribeAnswerMessage, SubscribeOfferMessage, TrackInfo } from './protocol.js';
import { SessionError, toSessionError } from './session-error.js';
import { inboundStats, type InboundStat } from './stats.js';
import { offeredSsrcs } from './subscribe-sdp.js';

export interface SubscriberListener {
  answer(answer: SubscribeAnswerMessage): void;
  trackAdded(participantId: string, kind: MediaKind, track: MediaStreamTrack): void;
  trackRemoved(participantId: string, kind: MediaKind, track: MediaStreamTrack): void;
  connectionStateChanged(state: RTCPeerConnectionState): void;
  /** An offer this browser could not apply. */
  error(error: SessionError): void;
}

/** A remote track handed to the listener, by mid. */
interface DeliveredTrack {
  participantId: string;
  kind: MediaKind;
  /** The offer's track id (`tracks[].trackId`); another one on the same mid is another track. */
  trackId: string | undefined;
  track: MediaStreamTrack;
}

export class Subscriber {
  private readonly pc: RTCPeerConnection;
  private readonly listener: SubscriberListener;
  /** Offers are applied strictly one after another. */
  private queue: Promise<void> = Promise.resolve();
  /** The tracks of the latest offer, by mid. */
  private tracksByMid = new Map<string, TrackInfo>();
  /** The SSRC the latest offer gives each sending mid. */
  private ssrcByMid = new Map<string, number>();
  private readonly delivered = new Map<string, DeliveredTrack>();
  private offersApplied = 0;
  private closed = false;

  constructor(configuration: RTCConfiguration, listener: SubscriberListener) {
    this.listener = listener;
    const pc = new RTCPeerConnection(configuration);
    pc.addEventListener('connectionstatechange', () => {
      if (!this.closed) this.listener.connectionStateChanged(pc.connectionState);
    });
    pc.addEventListener('track', (e) => this.onTrack(e));
    this.pc = pc;
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  /** How many offers have been applied and answered. */
  get answeredOffers(): number {
    return this.offersApplied;
  }

  /** How many remote tracks are delivered now. */
  get deliveredTracks(): number {
    return this.delivered.size;
  }

  /** The remote tracks of the latest offer. */
  tracks(): TrackInfo[] {
    return [...this.tracksByMid.values()].map((t) => ({ ...t }));
  }

  /** The bridge's latest offer applied and this browser's answer to it. */
  descriptions(): { offer: string | null; answer: string | null } {
    return { offer: this.pc.remoteDescription?.sdp ?? null, answer: this.pc.localDescription?.sdp ?? null };
  }

  /** Queues an offer; it is applied after those before it and answered with its version. */
  offer(offer: SubscribeOfferMessage): void {
    this.queue = this.queue.then(() => this.apply(offer));
  }

  /** Statistics of the received remote tracks; null when this subscriber closed meanwhile. */
  async inboundStats(): Promise<InboundStat[] | null> {
    const pc = this.pc;
    let report: RTCStatsReport;
    try {
      report = await pc.getStats();
    } catch (err) {
      if (this.closed) return null;
      throw err;
    }
    if (this.closed) return null;
    const midOfTrack = (trackId: string): string | undefined =>
      pc.getTransceivers().find((t) => t.receiver.track.id === trackId)?.mid ?? undefined;
    return inboundStats(report, this.tracksByMid, midOfTrack, this.ssrcByMid);
  }

  /** Closes the connection and reports its delivered tracks removed. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pc.close();
    for (const mid of [...this.delivered.keys()]) this.removeDelivered(mid);
  }

  private async apply(offer: SubscribeOfferMessage): Promise<void> {
    const pc = this.pc;
    if (this.closed) return;
    try {
      const previous = this.tracksByMid;
      this.tracksByMid = new Map(offer.tracks.map((t) => [t.mid, { ...t }]));
      this.ssrcByMid = offeredSsrcs(offer.sdp);
      // A mid that now carries another track: the old one goes first, so the new one is delivered.
      for (const [mid, delivered] of [...this.delivered]) {
        const next = this.tracksByMid.get(mid);
        if (next !== undefined && next.trackId !== delivered.trackId) this.removeDelivered(mid);
      }
      await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
      if (this.closed) return;
      this.deliverUnannounced();
      const answer = await pc.createAnswer();
      if (this.closed) return;
      await pc.setLocalDescription(answer);
      if (this.closed) return;
      this.listener.answer({ type: 'subscribeAnswer', sdp: pc.localDescription?.sdp ?? answer.sdp ?? '', version: offer.version });
      this.offersApplied++;
      for (const mid of previous.keys()) {
        if (!this.tracksByMid.has(mid)) this.removeDelivered(mid);
      }
    } catch (err) {
      if (this.closed) return; // moved or left meanwhile
      this.listener.error(toSessionError(err, 'webrtc', `subscribe offer ${offer.version}`));
    }
  }

  /** Fires during setRemoteDescription, after tracksByMid holds the offer's tracks. */
  private onTrack(event: RTCTrackEvent): void {
    if (this.closed) return;
    const mid = event.transceiver.mid;
    if (mid === null || this.delivered.has(mid)) return;
    const info = this.tracksByMid.get(mid);
    // The offer's a=msid names the participant too; use it if the tracks list left this mid out.
    const participantId = info?.participantId ?? event.streams[0]?.id;
    const kind = info?.kind ?? event.track.kind;
    if (participantId === undefined || (kind !== 'audio' && kind !== 'video')) return;
    this.deliver(mid, { participantId, kind, trackId: info?.trackId, track: event.track });
  }

  /**
   * Delivers the offer's tracks no `track` event announced: a browser that keeps a recycled
   * transceiver's stream association fires none, though its receiver now plays the new track.
   */
  private deliverUnannounced(): void {
    for (const transceiver of this.pc.getTransceivers()) {
      const mid = transceiver.mid;
      const info = mid === null ? undefined : this.tracksByMid.get(mid);
      if (mid === null || info === undefined || this.delivered.has(mid)) continue;
      this.deliver(mid, { participantId: info.participantId, kind: info.kind, trackId: info.trackId, track: transceiver.receiver.track });
    }
  }

  private deliver(mid: string, track: DeliveredTrack): void {
    this.delivered.set(mid, track);
    this.listener.trackAdded(track.participantId, track.kind, track.track);
  }

  private removeDelivered(mid: string): void {
    const delivered = this.delivered.get(mid);
    if (delivered === undefined) return;
    this.delivered.delete(mid);
    this.listener.trackRemoved(delivered.participantId, delivered.kind, delivered.track);
  }
}
