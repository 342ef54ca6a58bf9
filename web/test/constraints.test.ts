import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heightClass, receiverConstraints, sameConstraints } from '../src/ui/constraints.js';
import { bestLayout, stageLayout } from '../src/ui/layout.js';

test('heights round up to the next layer, capped at 720', () => {
  assert.deepEqual([0, 1, 135, 180, 181, 296, 360, 361, 600, 720, 1440].map(heightClass), [
    180, 180, 180, 180, 360, 360, 360, 720, 720, 720, 720,
  ]);
});

test('tile view of three in a 1280×720 window asks for 360p at most', () => {
  // The grid of a 1280×720 window: minus the header (48), the toolbar (72) and the padding (16).
  const { tileWidth } = bestLayout(3, 1264, 600, 8);
  const height = (tileWidth * 9) / 16;
  const c = receiverConstraints({
    tiles: [
      { participantId: 'b', height },
      { participantId: 'c', height },
    ],
    devicePixelRatio: 1,
    onStage: null,
    lastN: -1,
  });
  assert.deepEqual(c, {
    lastN: -1,
    onStage: [],
    defaultMaxHeight: 180,
    constraints: { b: { maxHeight: 360 }, c: { maxHeight: 360 } },
  });
});

test('stage view: 720p for the stage, 180p for thumbnails; device pixels count', () => {
  const stage = stageLayout(2, 1264, 600, 8);
  const stageHeight = (stage.stageWidth * 9) / 16;
  const thumbHeight = (stage.thumbWidth * 9) / 16;
  const tiles = [
    { participantId: 'b', height: stageHeight },
    { participantId: 'c', height: thumbHeight },
  ];
  const c = receiverConstraints({ tiles, devicePixelRatio: 1, onStage: 'b', lastN: 2 });
  assert.deepEqual(c.onStage, ['b']);
  assert.equal(c.lastN, 2);
  assert.deepEqual(c.constraints, { b: { maxHeight: 720 }, c: { maxHeight: 180 } });
  const retina = receiverConstraints({ tiles, devicePixelRatio: 2, onStage: 'b', lastN: 2 });
  assert.deepEqual(retina.constraints, { b: { maxHeight: 720 }, c: { maxHeight: 360 } });
});

test('a stage participant without a tile is not on stage', () => {
  const c = receiverConstraints({ tiles: [], devicePixelRatio: 1, onStage: 'gone', lastN: -1 });
  assert.deepEqual(c.onStage, []);
});

test('sameConstraints ignores participant order only', () => {
  const a = { lastN: -1, onStage: [], defaultMaxHeight: 180, constraints: { b: { maxHeight: 360 }, c: { maxHeight: 180 } } };
  const b = { lastN: -1, onStage: [], defaultMaxHeight: 180, constraints: { c: { maxHeight: 180 }, b: { maxHeight: 360 } } };
  assert.ok(sameConstraints(a, b));
  assert.ok(!sameConstraints(a, { ...b, onStage: ['b'] }));
  assert.ok(!sameConstraints(a, { ...b, constraints: { b: { maxHeight: 360 } } }));
  assert.ok(!sameConstraints(a, { ...b, constraints: { b: { maxHeight: 360 }, c: { maxHeight: 360 } } }));
});
