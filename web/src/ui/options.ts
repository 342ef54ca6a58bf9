/*
 * What the page's address says: the room is the path (`/<room>`), and the query string carries
 * options for tests and low-end machines:
 *   width, height, fps   camera capture constraints (ideal values); 1280, 720, 30 by default
 *   name                 pre-fills the name input (the user still clicks join)
 *   lastN                receiverConstraints' lastN: at most this many remote videos (−1 = all, the default)
 *   simulcast            0 or false sends the camera as one encoding instead of simulcast
 *   jwt                  the token sent in `join` (Jitsi's meeting links carry it the same way)
 *   region               passed on to the signaling URL: the participant's region, which the focus
 *                        honours only with ScaleMeet:Focus:AllowRegionParameter (trials and tests)
 */

import { SIGNALING_PATH } from '../protocol.js';

export interface PageOptions {
  width: number;
  height: number;
  fps: number;
  name: string;
  lastN: number;
  simulcast: boolean;
  /** The meeting link's token (`?jwt=`), or null. */
  token: string | null;
}

export const DEFAULT_OPTIONS: Readonly<PageOptions> = {
  width: 1280,
  height: 720,
  fps: 30,
  name: '',
  lastN: -1,
  simulcast: true,
  token: null,
};

export function readOptions(search: string): PageOptions {
  const query = new URLSearchParams(search);
  return {
    width: positiveInt(query.get('width'), DEFAULT_OPTIONS.width, 4096),
    height: positiveInt(query.get('height'), DEFAULT_OPTIONS.height, 4096),
    fps: positiveInt(query.get('fps'), DEFAULT_OPTIONS.fps, 120),
    name: query.get('name') ?? DEFAULT_OPTIONS.name,
    lastN: lastN(query.get('lastN')),
    simulcast: !['0', 'false', 'no', 'off'].includes((query.get('simulcast') ?? '').toLowerCase()),
    token: nonEmpty(query.get('jwt')),
  };
}

/** The room named by the path, '' for the home page (`/`). Not validated. */
export function roomFromPath(pathname: string): string {
  const segment = pathname.replace(/^\/+|\/+$/g, '');
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The signaling WebSocket of the server that served the page, with the page's `?region=` if it has one. */
export function signalingUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const region = nonEmpty(new URLSearchParams(location.search).get('region'));
  const query = region === null ? '' : `?region=${encodeURIComponent(region)}`;
  return `${scheme}//${location.host}${SIGNALING_PATH}${query}`;
}

export function captureConstraints(options: PageOptions): MediaStreamConstraints {
  return {
    audio: true,
    video: {
      width: { ideal: options.width },
      height: { ideal: options.height },
      frameRate: { ideal: options.fps },
    },
  };
}

function positiveInt(text: string | null, fallback: number, max: number): number {
  if (text === null || !/^\d+$/.test(text)) return fallback;
  const value = Number(text);
  return value >= 1 && value <= max ? value : fallback;
}

function nonEmpty(text: string | null): string | null {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** −1 (all) or a count; anything else is the default. */
function lastN(text: string | null): number {
  if (text === null || !/^(-1|\d+)$/.test(text)) return DEFAULT_OPTIONS.lastN;
  const value = Number(text);
  return value <= 1000 ? value : DEFAULT_OPTIONS.lastN;
}
