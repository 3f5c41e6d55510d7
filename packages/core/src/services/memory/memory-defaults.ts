import type { MemoryItem } from '../../domain/memory-item.js';
import type { PlainProfile, ProfileField } from '../../domain/requirements/requirement-profile.js';
import { REMOTE_POLICIES, type RemotePolicy } from '../../domain/requirements/requirement-values.js';
import { sameValue } from '../requirements/merge/same-value.js';
import type { MemoryValuePicker } from '../requirements/requirements-service.js';
import { DEFAULT_KEYS } from './memory-statement.js';

/** Requirement defaults from memory and, per field, the id of the item each came from. */
export interface MemoryDefaults {
  profile: PlainProfile;
  itemIds: Partial<Record<ProfileField, string>>;
}

/**
 * The requirement defaults a user's memory gives a new session (R9.3): location, remote policy and
 * the pay currency (as a yearly salary with no bounds yet).
 */
export function profileDefaults(items: readonly MemoryItem[]): MemoryDefaults {
  const item = (key: string): MemoryItem | undefined =>
    items.find((i) => i.kind === 'preference' && i.key === key);
  const defaults: MemoryDefaults = { profile: {}, itemIds: {} };
  const location = item(DEFAULT_KEYS.location);
  if (location?.value) {
    defaults.profile.locations = [location.value];
    defaults.itemIds.locations = location.id;
  }
  const remote = item(DEFAULT_KEYS.remote);
  if (remote && (REMOTE_POLICIES as readonly string[]).includes(remote.value)) {
    defaults.profile.remote = { policy: remote.value as RemotePolicy['policy'] };
    defaults.itemIds.remote = remote.id;
  }
  const currency = item(DEFAULT_KEYS.currency);
  if (currency && /^[A-Z]{3}$/.test(currency.value)) {
    defaults.profile.salary = { currency: currency.value, period: 'year' };
    defaults.itemIds.salary = currency.id;
  }
  return defaults;
}

/**
 * The profile values that forgotten memory items seeded (R9.3), so that deleting an item removes
 * its defaults from the sessions that kept them: values marked with one of the items' ids, or, for
 * values seeded before ids were recorded, the value the item gives. `all`: every memory value.
 */
export function seededBy(forgotten: readonly MemoryItem[] | 'all'): MemoryValuePicker {
  if (forgotten === 'all') return () => true;
  const ids = new Set(forgotten.map((item) => item.id));
  const { profile } = profileDefaults(forgotten);
  const seeds = profile as Partial<Record<ProfileField, unknown>>;
  return (field, value, provenance) => {
    if (provenance.memoryItemId !== undefined) return ids.has(provenance.memoryItemId);
    const seed = seeds[field];
    return Array.isArray(seed) ? seed.some((s) => sameValue(s, value)) : sameValue(seed, value);
  };
}
