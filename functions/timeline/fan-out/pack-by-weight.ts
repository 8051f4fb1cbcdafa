/**
 * Splits `items`, in order, into consecutive groups whose summed `weight` stays within
 * `maxWeight` and whose size stays within `maxItems`. An item heavier than `maxWeight` gets a
 * group of its own (never dropped, never split).
 */
export function packByWeight<T>(
  items: readonly T[],
  weight: (item: T) => number,
  maxWeight: number,
  maxItems = Number.POSITIVE_INFINITY,
): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const item of items) {
    const w = weight(item);
    if (current.length > 0 && (current.length >= maxItems || total + w > maxWeight)) {
      groups.push(current);
      current = [];
      total = 0;
    }
    current.push(item);
    total += w;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
