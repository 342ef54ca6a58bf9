/*
 * Simulcast publishing (docs/protocol.md, Media): the camera goes out as up to three encodings,
 * `q` (¼), `h` (½) and `f` (full resolution), which the bridge tells apart by their rids. Pure
 * functions, so that they can be unit-tested without a browser.
 */

/** One simulcast layer as it is configured: its rid, how much it is scaled down, its bitrate cap. */
export interface SimulcastLayer {
  rid: string;
  scaleResolutionDownBy: number;
  maxBitrate: number;
}

const QUARTER: SimulcastLayer = { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 };
const HALF: SimulcastLayer = { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 };
const FULL: SimulcastLayer = { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 };

/**
 * The layers for a camera capturing `height` pixels, lowest first. Browsers refuse (or silently
 * drop) layers that would be tiny, so a small capture sends fewer:
 * ≥ 720 → q, h, f (¼, ½, 1); ≥ 360 → q, h (½, 1); below → q alone, unscaled.
 */
export function simulcastLayers(height: number): SimulcastLayer[] {
  if (height >= 720) return [{ ...QUARTER }, { ...HALF }, { ...FULL }];
  if (height >= 360) return [{ ...QUARTER, scaleResolutionDownBy: 2 }, { ...HALF, scaleResolutionDownBy: 1 }];
  return [{ ...QUARTER, scaleResolutionDownBy: 1 }];
}

/**
 * The `sendEncodings` for simulcastLayers(height). A lone layer carries no rid: a single encoding
 * is sent as a plain SSRC stream, which the bridge accepts as well.
 */
export function sendEncodings(height: number): RTCRtpEncodingParameters[] {
  const layers = simulcastLayers(height);
  if (layers.length === 1) {
    const only = layers[0];
    return only === undefined ? [] : [{ scaleResolutionDownBy: only.scaleResolutionDownBy, maxBitrate: only.maxBitrate }];
  }
  return layers.map((l) => ({ rid: l.rid, scaleResolutionDownBy: l.scaleResolutionDownBy, maxBitrate: l.maxBitrate, active: true }));
}

/** The height an encoding produces from a capture of `captureHeight` pixels. */
export function encodedHeight(captureHeight: number, scaleResolutionDownBy: number | undefined): number {
  const scale = scaleResolutionDownBy === undefined || scaleResolutionDownBy < 1 ? 1 : scaleResolutionDownBy;
  return Math.round(captureHeight / scale);
}

/**
 * senderConstraints: which encodings stay active when nobody receives more than `maxHeight` from
 * this sender. A layer is active when its height fits; when `maxHeight` > 0 the lowest layer
 * stays active even if it does not fit, and 0 turns every layer off.
 */
export function activeLayers(layerHeights: readonly number[], maxHeight: number): boolean[] {
  if (maxHeight <= 0) return layerHeights.map(() => false);
  // The lowest layer fits whenever any does, so keeping it only matters when none fits.
  const lowest = layerHeights.reduce((best, height, i) => (height < (layerHeights[best] ?? Infinity) ? i : best), 0);
  return layerHeights.map((height, i) => height <= maxHeight || i === lowest);
}

/**
 * `codecs` with those of the preferred MIME types first, in the order given, each type's
 * entries keeping their relative order; everything else follows unchanged. MIME types compare
 * case-insensitively (browsers report `video/VP8`, `audio/opus`).
 */
export function preferCodecs<T extends { mimeType: string }>(codecs: readonly T[], preferred: readonly string[]): T[] {
  const rank = (codec: T): number => {
    const index = preferred.findIndex((m) => m.toLowerCase() === codec.mimeType.toLowerCase());
    return index < 0 ? preferred.length : index;
  };
  return codecs
    .map((codec, index) => ({ codec, index, rank: rank(codec) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((e) => e.codec);
}

/** VP8 (with its retransmission format) first for video, Opus first for audio. */
export const PREFERRED_VIDEO_CODECS: readonly string[] = ['video/VP8', 'video/rtx'];
export const PREFERRED_AUDIO_CODECS: readonly string[] = ['audio/opus'];
