/**
 * Arrays of integers for the work on one document (token ids, offsets, marks per token).
 *
 * V8 keeps a typed array of more than 64 bytes outside its heap, and allocating one costs several
 * times what a plain array of the same length does, up to about a thousand elements (npx tsx
 * scripts/engine-profile.ts --allocations): a 300-character comment made about a dozen of them.
 * So the arrays of one document are plain arrays of small integers below LONG elements, and typed
 * arrays from there, where filling a plain one costs more and a very long `new Array(n)` would
 * take V8's slow sparse form.
 */
export type Ints = number[] | Int32Array

/** Elements from which ints() answers a typed array. */
export const LONG = 1024

/** `length` integers, each `value` (0 unless said). */
export function ints(length: number, value = 0): Ints {
  return length >= LONG ? new Int32Array(length).fill(value) : new Array<number>(length).fill(value)
}

/** `a` (ints() or truncated()) cut to its first `length` elements: the array itself when plain. */
export function truncated(a: Ints, length: number): Ints {
  if (!Array.isArray(a)) return a.subarray(0, length)
  a.length = length
  return a
}

/** A longer copy of `a` (ints() or truncated()): its elements, then zeros up to `length`. */
export function widened(a: Ints, length: number): Ints {
  const next = ints(length)
  for (let i = 0; i < a.length; i++) next[i] = a[i]
  return next
}
