import type { MemoryItem } from '../../domain/memory-item.js';
import type { PlainProfile } from '../../domain/requirements/requirement-profile.js';
import { REMOTE_POLICIES, type RemotePolicy } from '../../domain/requirements/requirement-values.js';
import { DEFAULT_KEYS } from './memory-statement.js';

/**
 * The requirement defaults a user's memory gives a new session (R9.3): location, remote policy and
 * the pay currency (as a yearly salary with no bounds yet).
 */
export function profileDefaults(items: readonly MemoryItem[]): PlainProfile {
  const value = (key: string): string | undefined =>
    items.find((item) => item.kind === 'preference' && item.key === key)?.value;
  const defaults: PlainProfile = {};
  const location = value(DEFAULT_KEYS.location);
  if (location) defaults.locations = [location];
  const remote = value(DEFAULT_KEYS.remote);
  if (remote && (REMOTE_POLICIES as readonly string[]).includes(remote)) {
    defaults.remote = { policy: remote as RemotePolicy['policy'] };
  }
  const currency = value(DEFAULT_KEYS.currency);
  if (currency && /^[A-Z]{3}$/.test(currency)) defaults.salary = { currency, period: 'year' };
  return defaults;
}
