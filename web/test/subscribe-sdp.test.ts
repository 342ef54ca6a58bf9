import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inboundStats } from '../src/stats.js';
import { offeredSsrcs } from '../src/subscribe-sdp.js';
import type { TrackInfo } from '../src/protocol.js';

const offer = [
  'v=0',
  'o=scalemeet 1 4 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1 2',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=mid:0',
  'a=sendonly',
  'a=msid:bob bob-0',
  'a=ssrc:1111 cname:bob',
  'a=ssrc:1111 msid:bob bob-0',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97',
  'a=mid:1',
  'a=sendonly',
  'a=msid:bob bob-1',
  'a=ssrc:2222 cname:bob',
  'a=ssrc:3333 cname:bob',
  'a=ssrc-group:FID 2222 3333',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97',
  'a=mid:2',
  'a=inactive',
  '',
].join('\r\n');

test('each sending section gives its first SSRC; inactive sections none', () => {
  assert.deepEqual([...offeredSsrcs(offer)], [
    ['0', 1111],
    ['1', 2222],
  ]);
  assert.deepEqual([...offeredSsrcs('not sdp')], []);
});

test('a recycled mid counts only under the SSRC the current offer gives it', () => {
  const tracks = new Map<string, TrackInfo>([['1', { mid: '1', participantId: 'bob', kind: 'video', trackId: 'bob-1' }]]);
  const entries = [
    { id: 'old', type: 'inbound-rtp', kind: 'video', mid: '1', ssrc: 9999, framesDecoded: 500, frameHeight: 180 },
    { id: 'new', type: 'inbound-rtp', kind: 'video', mid: '1', ssrc: 2222, framesDecoded: 12, frameHeight: 360 },
  ];
  const report = new Map(entries.map((e) => [e.id, e])) as unknown as RTCStatsReport;

  const stats = inboundStats(report, tracks, () => undefined, offeredSsrcs(offer));

  assert.deepEqual(stats.map((s) => [s.participantId, s.framesDecoded, s.frameHeight]), [['bob', 12, 360]]);
  assert.equal(inboundStats(report, tracks, () => undefined).length, 2);
});
