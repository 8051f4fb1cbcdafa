/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) so that a seed produces the same
 * graph on every machine and Node version: 32-bit integer arithmetic only, unlike
 * `Math.random`, which cannot be seeded.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, bound). */
  int(bound: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** A random (version 4 shaped) UUID drawn from this stream. */
  uuid(): string;
}

/** FNV-1a over the parts: turns (seed, purpose, prefix) into an independent 32-bit stream seed. */
export function hashSeed(...parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Creates a generator; equal seeds give equal sequences. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const splitmix = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Warm-up: the first outputs of sfc32 still show the seed's structure.
  for (let i = 0; i < 12; i += 1) nextUint32();

  const next = (): number => nextUint32() / 4294967296;
  return {
    next,
    int: (bound) => Math.floor(next() * bound),
    normal: () => {
      const u = 1 - next(); // (0, 1]: log(0) would be -Infinity
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    uuid: () => {
      const hex = [nextUint32(), nextUint32(), nextUint32(), nextUint32()].map((word) => word.toString(16).padStart(8, '0')).join('');
      const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
  };
}
