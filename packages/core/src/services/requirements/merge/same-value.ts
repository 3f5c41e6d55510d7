/**
 * Deep equality of plain profile values, ignoring key order, undefined members and the order of
 * array items (arrays are compared as multisets). Walks both values and stops at the first
 * difference or at a shared reference, without building strings: a turn compares whole
 * requirement states this way, most often to find them unchanged.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && sameItems(a, b);
  if (isObject(a) || isObject(b)) return isObject(a) && isObject(b) && sameMembers(a, b);
  // Primitives as JSON writes them (NaN and null alike, as a stored profile would have them).
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/** Longer arrays match each item only among the other side's items of the same shallow fingerprint. */
const BUCKETED_FROM = 16;

/** Same items in any order: each of `a` matched to an unused equal one of `b` (equality is transitive). */
function sameItems(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  const used: boolean[] = new Array<boolean>(b.length).fill(false);
  const buckets = a.length < BUCKETED_FROM ? undefined : byFingerprint(b);
  for (const item of a) {
    const indexes = buckets ? (buckets.get(fingerprint(item)) ?? []) : undefined;
    if (!claimFirst(item, b, used, indexes)) return false;
  }
  return true;
}

/** Marks the first unused item of `b` equal to `item` (among `indexes` when given); false if none. */
function claimFirst(item: unknown, b: unknown[], used: boolean[], indexes?: number[]): boolean {
  const count = indexes ? indexes.length : b.length;
  for (let k = 0; k < count; k += 1) {
    const index = indexes ? indexes[k]! : k;
    if (used[index] || !sameValue(item, b[index])) continue;
    used[index] = true;
    return true;
  }
  return false;
}

function byFingerprint(items: unknown[]): Map<string, number[]> {
  const buckets = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = fingerprint(item);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(index);
    else buckets.set(key, [index]);
  });
  return buckets;
}

/** One level of a value: equal values have equal fingerprints (members holding undefined left out). */
function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length}]`;
  if (!isObject(value)) return value === undefined ? 'undefined' : String(JSON.stringify(value));
  const members = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort()
    .map((key) => {
      const member = value[key];
      return `${key}:${Array.isArray(member) ? `[${member.length}]` : isObject(member) ? '{}' : JSON.stringify(member)}`;
    });
  return `{${members.join(',')}}`;
}

/** Same own enumerable members, those holding undefined left out on both sides. */
function sameMembers(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let defined = 0;
  for (const key of Object.keys(a)) {
    const value = a[key];
    if (value === undefined) continue;
    defined += 1;
    if (!Object.prototype.propertyIsEnumerable.call(b, key) || !sameValue(value, b[key])) return false;
  }
  for (const key of Object.keys(b)) if (b[key] !== undefined) defined -= 1;
  return defined === 0;
}
