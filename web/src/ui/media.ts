/** Getting the camera and microphone, with errors a person can act on. */

import { captureConstraints, type PageOptions } from './options.js';

export async function openCamera(options: PageOptions): Promise<MediaStream> {
  if (navigator.mediaDevices?.getUserMedia === undefined) {
    throw new Error('This page cannot use the camera: open it over HTTPS (or on localhost) in a browser with WebRTC.');
  }
  try {
    return await navigator.mediaDevices.getUserMedia(captureConstraints(options));
  } catch (err) {
    throw new Error(describeMediaError(err, options));
  }
}

export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

function describeMediaError(err: unknown, options: PageOptions): string {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Access to the camera and microphone was denied. Allow it in the browser’s site settings, then reload the page.';
    case 'NotFoundError':
      return 'No camera or microphone was found. Connect one, then reload the page.';
    case 'NotReadableError':
      return 'The camera or microphone is in use by another application, or the system refused to start it.';
    case 'OverconstrainedError':
      return `The camera cannot capture ${options.width}×${options.height} at ${options.fps} fps.`;
    default:
      return `The camera and microphone could not be opened: ${err instanceof Error ? err.message : String(err)}`;
  }
}
