/**
 * Arrays of integers for the work on one document (token ids, offsets, marks per token).
 *
 * V8 keeps a typed array of more than 64 bytes outside its heap, and allocating one costs several
 * times what a plain array of the same length does, up to about a thousand elements (npx tsx
 * scripts/engine-profile.ts --allocations), and scoring one text makes several (fold, the token
 * index, the report stats, signals' marks per token). So the arrays of one document are plain
 * arrays of small integers below LONG elements, and typed
 * arrays from there, where filling a plain one costs more and a very long `new Array(n)` would
 * take V8's slow sparse form.
 */
export type Ints = number[] | Int32Array

/** Elements from which ints() answers a typed array. */
export const LONG = 1024

/** `length` integers, each `value` (0 unless said). */
export function ints(length: number, value = 0): Ints {
  if (length < LONG) return new Array<number>(length).fill(value)
  const typed = new Int32Array(length) // zeroed already
  return value === 0 ? typed : typed.fill(value)
}

/**
 * `a` (from ints(), widened() or this) cut to its first `length` elements, not copied: a plain
 * array is shortened in place, a typed one answered as a view of its start. For arrays no one else holds.
 */
export function truncated(a: Ints, length: number): Ints {
  if (!Array.isArray(a)) return a.subarray(0, length)
  a.length = length
  return a
}

/** A longer copy of `a` (from ints(), widened() or truncated()): its elements, then zeros up to `length`. */
export function widened(a: Ints, length: number): Ints {
  const next = ints(length)
  for (let i = 0; i < a.length; i++) next[i] = a[i]
  return next
}
