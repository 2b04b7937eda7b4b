/**
 * Hash-based randomness for the simulators: every draw is a function of the seed, the business key
 * (a NIK and attempt, a print job, a time window) and a label naming the decision. No state and no
 * Math.random, so a rerun, a restart or a clock moved forward by days gives the same answers, and
 * two decisions about the same key (its fate, its delay) do not disturb each other.
 */
import { createHash } from 'node:crypto';

export type KeyPart = string | number;

/** A uniform float in [0, 1) for `label`, fixed by the seed and the key. */
export type Draw = (label: string) => number;

// 48 bits of the digest: exact in a double and far more resolution than any rate needs.
const resolution = 2 ** 48;

export function uniform(seed: string, ...key: KeyPart[]): number {
  // JSON keeps the parts apart: ('ab', 'c') and ('a', 'bc') hash differently.
  const digest = createHash('sha256')
    .update(JSON.stringify([seed, ...key]))
    .digest();
  return digest.readUIntBE(0, 6) / resolution;
}

/** Draws for one key: `draw('fate')`, `draw('delay')`, … each independent of the others. */
export function drawsFor(seed: string, ...key: KeyPart[]): Draw {
  return (label) => uniform(seed, ...key, label);
}

/** A whole number between `min` and `max` inclusive, from a uniform draw `u` in [0, 1). */
export function wholeBetween(u: number, range: { min: number; max: number }): number {
  return range.min + Math.floor(u * (range.max - range.min + 1));
}

/** Hex digits fixed by the seed and key, for identifiers such as simulated card serials. */
export function hexOf(length: number, seed: string, ...key: KeyPart[]): string {
  return createHash('sha256')
    .update(JSON.stringify([seed, ...key]))
    .digest('hex')
    .slice(0, length)
    .toUpperCase();
}
