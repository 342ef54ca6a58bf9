/** Small DOM helpers shared by the screens. */

type AttributeValue = string | number | boolean | undefined;
type Child = Node | string;

/**
 * Creates an element with attributes and children. `true` sets an empty attribute, `false` and
 * `undefined` leave it out; strings become text nodes (never parsed as HTML).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, AttributeValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/** Starts playback of a media element, ignoring the autoplay policy's refusal (it retries on gesture). */
export function play(element: HTMLMediaElement): void {
  element.play().catch(() => {
    const retry = (): void => void element.play().catch(() => undefined);
    document.addEventListener('click', retry, { once: true });
  });
}

/** The initials shown in place of a participant's video. */
export function initials(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter((w) => w !== '');
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [words[0]];
  return letters
    .map((w) => (w === undefined ? '' : [...w][0] ?? ''))
    .join('')
    .toUpperCase();
}

/** True when a key press is meant for a text field rather than a shortcut. */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || (target instanceof HTMLElement && target.isContentEditable);
}
