import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signalingUrl } from '../src/ui/options.js';

test('the signaling URL follows the page: ws for http, wss for https', () => {
  assert.equal(signalingUrl({ protocol: 'http:', host: 'localhost:8080', search: '' }), 'ws://localhost:8080/signaling');
  assert.equal(signalingUrl({ protocol: 'https:', host: 'meet.example.org', search: '?width=320' }), 'wss://meet.example.org/signaling');
});

test("the page's ?region= is passed on to the signaling URL, escaped; an empty one is not", () => {
  assert.equal(signalingUrl({ protocol: 'http:', host: 'h', search: '?fps=15&region=eu-west' }), 'ws://h/signaling?region=eu-west');
  assert.equal(signalingUrl({ protocol: 'http:', host: 'h', search: '?region=a%26b' }), 'ws://h/signaling?region=a%26b');
  assert.equal(signalingUrl({ protocol: 'http:', host: 'h', search: '?region=' }), 'ws://h/signaling');
});
