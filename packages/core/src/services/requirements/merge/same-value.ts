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

/** Same items in any order: each of `a` matched to an unused equal one of `b` (equality is transitive). */
function sameItems(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  const used: boolean[] = new Array<boolean>(b.length).fill(false);
  for (const item of a) {
    let found = false;
    for (let index = 0; index < b.length && !found; index += 1) {
      if (used[index] || !sameValue(item, b[index])) continue;
      used[index] = true;
      found = true;
    }
    if (!found) return false;
  }
  return true;
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
