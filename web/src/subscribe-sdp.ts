/*
 * What the client reads from a subscribe offer's SDP itself: the SSRC each sending media section
 * carries. The bridge recycles the section of a track that went for the next track of its kind,
 * with a new SSRC and msid (docs/protocol.md), so received streams are attributed by the SSRC the
 * current offer gives a mid, not by the mid alone. Pure function of the text.
 */

/** mid → the first `a=ssrc` of each sending (`sendonly`/`sendrecv`) section that has one. */
export function offeredSsrcs(sdp: string): Map<string, number> {
  const result = new Map<string, number>();
  let mid: string | null = null;
  let sending = true;
  let ssrc: number | null = null;
  const commit = (): void => {
    if (mid !== null && sending && ssrc !== null) result.set(mid, ssrc);
  };
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      commit();
      mid = null;
      sending = true;
      ssrc = null;
    } else if (line.startsWith('a=mid:')) {
      mid = line.slice('a=mid:'.length).trim();
    } else if (line === 'a=inactive' || line === 'a=recvonly') {
      sending = false;
    } else if (line.startsWith('a=ssrc:') && ssrc === null) {
      const value = Number.parseInt(line.slice('a=ssrc:'.length), 10);
      if (Number.isInteger(value) && value >= 0) ssrc = value;
    }
  }
  commit();
  return result;
}
