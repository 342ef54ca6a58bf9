/**
 * A tiny typed event emitter. `Events` maps each event name to its argument list, e.g.
 * `{ trackAdded: [participantId: string, track: MediaStreamTrack] }`.
 *
 * A listener that throws is reported on the console and does not stop the others, so a UI bug
 * cannot break the session that emits.
 */
export class Emitter<Events extends { [K in keyof Events]: unknown[] }> {
  private readonly listeners: { [K in keyof Events]?: Set<(...args: Events[K]) => void> } = {};

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: (...args: Events[K]) => void): () => void {
    const set = this.listeners[event] ?? new Set();
    set.add(listener);
    this.listeners[event] = set;
    return () => this.off(event, listener);
  }

  off<K extends keyof Events>(event: K, listener: (...args: Events[K]) => void): void {
    this.listeners[event]?.delete(listener);
  }

  protected emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const listener of [...(this.listeners[event] ?? [])]) {
      try {
        listener(...args);
      } catch (err) {
        console.error(`listener for '${String(event)}' failed`, err);
      }
    }
  }
}
