/*
 * Media statistics in the shape the end-to-end tests read, built from RTCPeerConnection.getStats().
 * Pure functions of a report, so they work on any peer connection. Counters the browser has not
 * reported yet (or that do not apply, such as frames for audio) are 0.
 */

import type { MediaKind, TrackInfo } from './protocol.js';

/** One received remote track (an `inbound-rtp` entry of the subscribe connection). */
export interface InboundStat {
  participantId: string;
  kind: MediaKind;
  mid: string;
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
  /** Seconds, as the browser reports it. */
  jitter: number;
  /**
   * The browser's own count of video freezes (an interval between decoded frames over max(3 × the average, the
   * average + 150 ms)) and their total duration in seconds; measured where frames are decoded, so a busy page that
   * reads its stats late does not change them. −1 where the browser does not report them (audio; older browsers).
   */
  freezeCount: number;
  totalFreezesDuration: number;
}

/**
 * One sent stream (an `outbound-rtp` entry of the publish connection): one per track, or for a
 * simulcast camera one per encoding, told apart by `rid`.
 */
export interface OutboundStat {
  kind: MediaKind;
  mid: string;
  /** The simulcast encoding (`q`, `h`, `f`); '' for a track sent as one encoding. */
  rid: string;
  /** False while the encoding is switched off (senderConstraints); true when not reported. */
  active: boolean;
  bytesSent: number;
  packetsSent: number;
  framesEncoded: number;
  frameWidth: number;
  frameHeight: number;
}

/**
 * The inbound streams of the tracks in `tracksByMid` (the current subscribe offer's tracks).
 * Streams of other media sections, such as those of tracks that went away, are left out, and so
 * are streams of a recycled section that still carry the SSRC of its previous track: with
 * `ssrcByMid` (the offer's SSRC per mid), a stream counts only under the SSRC its mid has now.
 * `midOfTrack` resolves `trackIdentifier` for browsers that leave `mid` out of inbound-rtp.
 */
export function inboundStats(
  report: RTCStatsReport,
  tracksByMid: ReadonlyMap<string, TrackInfo>,
  midOfTrack: (trackIdentifier: string) => string | undefined,
  ssrcByMid: ReadonlyMap<string, number> = new Map(),
): InboundStat[] {
  const result: InboundStat[] = [];
  report.forEach((entry: RTCStats) => {
    if (entry.type !== 'inbound-rtp') return;
    const s = entry as RTCInboundRtpStreamStats & { trackIdentifier?: string };
    const mid = s.mid ?? (s.trackIdentifier === undefined ? undefined : midOfTrack(s.trackIdentifier));
    const track = mid === undefined ? undefined : tracksByMid.get(mid);
    if (mid === undefined || track === undefined) return;
    const offered = ssrcByMid.get(mid);
    if (offered !== undefined && s.ssrc !== offered) return;
    result.push({
      participantId: track.participantId,
      kind: track.kind,
      mid,
      framesDecoded: s.framesDecoded ?? 0,
      frameWidth: s.frameWidth ?? 0,
      frameHeight: s.frameHeight ?? 0,
      bytesReceived: s.bytesReceived ?? 0,
      packetsReceived: s.packetsReceived ?? 0,
      packetsLost: s.packetsLost ?? 0,
      jitter: s.jitter ?? 0,
      freezeCount: (s as { freezeCount?: number }).freezeCount ?? -1,
      totalFreezesDuration: (s as { totalFreezesDuration?: number }).totalFreezesDuration ?? -1,
    });
  });
  return result.sort(byMid);
}

/** The outbound streams of a publish connection, one per sent track or simulcast encoding. */
export function outboundStats(report: RTCStatsReport): OutboundStat[] {
  const result: OutboundStat[] = [];
  report.forEach((entry: RTCStats) => {
    if (entry.type !== 'outbound-rtp') return;
    const s = entry as RTCOutboundRtpStreamStats;
    if (s.kind !== 'audio' && s.kind !== 'video') return;
    result.push({
      kind: s.kind,
      mid: s.mid ?? '',
      rid: s.rid ?? '',
      active: s.active ?? true,
      bytesSent: s.bytesSent ?? 0,
      packetsSent: s.packetsSent ?? 0,
      framesEncoded: s.framesEncoded ?? 0,
      frameWidth: s.frameWidth ?? 0,
      frameHeight: s.frameHeight ?? 0,
    });
  });
  return result.sort((a, b) => byMid(a, b) || ridRank(a.rid) - ridRank(b.rid) || (a.rid < b.rid ? -1 : a.rid > b.rid ? 1 : 0));
}

/** Simulcast encodings lowest first: q, h, f, then any other rid. */
function ridRank(rid: string): number {
  const index = ['', 'q', 'h', 'f'].indexOf(rid);
  return index < 0 ? 4 : index;
}

/** Mids are decimal numbers in practice; order them numerically, others after, by text. */
function byMid(a: { mid: string }, b: { mid: string }): number {
  const na = Number(a.mid);
  const nb = Number(b.mid);
  if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
  return a.mid < b.mid ? -1 : a.mid > b.mid ? 1 : 0;
}
