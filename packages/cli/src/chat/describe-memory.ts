import type { MemoryItem, UserContext } from '@parley/core';

/** The `/memory` usage line, shown for anything it does not understand (a bad item number included). */
export const MEMORY_USAGE = 'Usage: /memory, /memory forget <n>, /memory off, /memory on';

/** What Parley remembers about the user as `/memory` shows it: the switch, then the items numbered from 1. */
export function memoryLines({ items, personalization }: UserContext): string[] {
  const state = personalization
    ? 'Personalization on.'
    : 'Personalization off: nothing is learned or applied (/memory on switches it back).';
  if (items.length === 0) return [state, 'Parley remembers nothing about you yet.'];
  return [
    state,
    'Parley remembers:',
    ...items.map((item, n) => `${n + 1}. [${item.kind}] ${item.key}: ${item.value}`),
    '/memory forget <n> deletes one.',
  ];
}

/** The notice when Parley learns something about the user, so nothing is remembered unseen (R9.1). */
export function learnedNotice(item: MemoryItem): string {
  return `Remembered: [${item.kind}] ${item.key}: ${item.value} (/memory lists or forgets it)`;
}
