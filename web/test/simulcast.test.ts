import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeLayers, encodedHeight, preferCodecs, sendEncodings, simulcastLayers } from '../src/simulcast.js';

test('a 720p camera sends q, h, f at 180, 360 and 720', () => {
  const layers = simulcastLayers(720);
  assert.deepEqual(
    layers.map((l) => [l.rid, encodedHeight(720, l.scaleResolutionDownBy), l.maxBitrate]),
    [
      ['q', 180, 150_000],
      ['h', 360, 500_000],
      ['f', 720, 1_500_000],
    ],
  );
});

test('smaller captures send fewer layers; a lone layer has no rid', () => {
  assert.deepEqual(
    simulcastLayers(360).map((l) => [l.rid, l.scaleResolutionDownBy]),
    [
      ['q', 2],
      ['h', 1],
    ],
  );
  assert.deepEqual(sendEncodings(180), [{ scaleResolutionDownBy: 1, maxBitrate: 150_000 }]);
  assert.deepEqual(
    sendEncodings(1080).map((e) => e.rid),
    ['q', 'h', 'f'],
  );
});

test('senderConstraints switch layers above the height off, keeping the lowest', () => {
  const heights = [180, 360, 720];
  assert.deepEqual(activeLayers(heights, 720), [true, true, true]);
  assert.deepEqual(activeLayers(heights, 360), [true, true, false]);
  assert.deepEqual(activeLayers(heights, 180), [true, false, false]);
  assert.deepEqual(activeLayers(heights, 90), [true, false, false]);
  assert.deepEqual(activeLayers(heights, 0), [false, false, false]);
  assert.deepEqual(activeLayers([720], 360), [true]);
  assert.deepEqual(activeLayers([720], 0), [false]);
});

test('VP8 and rtx first, the rest in order', () => {
  const codecs = ['video/VP9', 'video/rtx', 'video/H264', 'video/VP8', 'video/red', 'video/VP8'].map((mimeType, i) => ({ mimeType, i }));
  assert.deepEqual(
    preferCodecs(codecs, ['video/vp8', 'video/rtx']).map((c) => `${c.mimeType}#${c.i}`),
    ['video/VP8#3', 'video/VP8#5', 'video/rtx#1', 'video/VP9#0', 'video/H264#2', 'video/red#4'],
  );
});
