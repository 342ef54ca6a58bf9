/*
 * The receiverConstraints this page sends (docs/protocol.md): for every remote participant the
 * height its tile is displayed at, in device pixels, rounded up to a simulcast layer (180, 360
 * or 720), so that the bridge forwards no more than the screen shows. Pure: the meeting view
 * measures the tiles and decides when to send.
 */

import type { ReceiverConstraints } from '../session.js';

/** The video heights the bridge can choose between (simulcast layers of a 720p camera). */
export const HEIGHT_CLASSES: readonly number[] = [180, 360, 720];
/** For sources the message does not list. */
export const DEFAULT_MAX_HEIGHT = 180;

/** One remote participant's tile as displayed. */
export interface DisplayedTile {
  participantId: string;
  /** CSS pixels. */
  height: number;
}

export interface ConstraintsInput {
  /** The remote participants' tiles (not this participant's own). */
  tiles: readonly DisplayedTile[];
  devicePixelRatio: number;
  /** The participant on stage, or null in tile view. */
  onStage: string | null;
  /** At most this many video sources; −1 = all. */
  lastN: number;
}

/**
 * The height class for a tile `pixels` device pixels tall: the smallest of HEIGHT_CLASSES that
 * is at least as tall, the largest for anything taller. A tile too small to measure still gets
 * the smallest class (it is on screen).
 */
export function heightClass(pixels: number): number {
  for (const height of HEIGHT_CLASSES) {
    if (pixels <= height) return height;
  }
  return HEIGHT_CLASSES[HEIGHT_CLASSES.length - 1] ?? DEFAULT_MAX_HEIGHT;
}

export function receiverConstraints(input: ConstraintsInput): ReceiverConstraints {
  const ratio = Number.isFinite(input.devicePixelRatio) && input.devicePixelRatio > 0 ? input.devicePixelRatio : 1;
  const constraints: Record<string, { maxHeight: number }> = {};
  for (const tile of input.tiles) {
    constraints[tile.participantId] = { maxHeight: heightClass(Math.ceil(tile.height * ratio)) };
  }
  const onStage = input.onStage !== null && Object.hasOwn(constraints, input.onStage) ? [input.onStage] : [];
  return { lastN: input.lastN, onStage, defaultMaxHeight: DEFAULT_MAX_HEIGHT, constraints };
}

/** True when the two would tell the bridge the same thing (participant order aside). */
export function sameConstraints(a: ReceiverConstraints, b: ReceiverConstraints): boolean {
  if (a.lastN !== b.lastN || a.defaultMaxHeight !== b.defaultMaxHeight) return false;
  if (a.onStage.length !== b.onStage.length || a.onStage.some((id, i) => b.onStage[i] !== id)) return false;
  const ids = Object.keys(a.constraints);
  if (ids.length !== Object.keys(b.constraints).length) return false;
  return ids.every((id) => Object.hasOwn(b.constraints, id) && b.constraints[id]?.maxHeight === a.constraints[id]?.maxHeight);
}
