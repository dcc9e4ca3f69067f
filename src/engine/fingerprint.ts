/**
 * Near-duplicate fingerprints: a MinHash signature over the word shingles of normalised text.
 *
 * Used twice: to group the near-duplicate comments of a thread (src/engine/clusters.ts) and as the
 * only thing the template memory keeps of a text (src/store/). A signature is 24 numbers of 16
 * bits; no text can be read back from it.
 *
 * Normalisation folds what a copy-paste campaign varies for free: case, punctuation, emoji, white
 * space, homoglyphs and invisible characters (the same fold as detection, src/engine/normalize.ts),
 * so "Great post! Very timely." and "great post — very timely 👏" get the same signature.
 *
 * Shingles are the words (stop words only within pairs) and the pairs of adjacent words. Pairs
 * alone would make "Great post, Bruce! Very timely." share only 2 of 5 shingles with "Great post!
 * Very timely."; with the words as well it shares 5 of 9 ("very" is a stop word), while two
 * unrelated comments still share almost none.
 *
 * Method: Broder, "On the resemblance and containment of documents" (1997) for MinHash; the
 * banding for candidate pairs is the LSH of Leskovec, Rajaraman and Ullman, Mining of Massive
 * Datasets, ch. 3; keeping 16 bits of each minimum follows Li and König's b-bit minwise hashing
 * (2010). Pure and linear in the input: one pass to fold, one to tokenise, 24 hashes per shingle.
 */
import { fold } from './normalize.js'
import { tokenize, type Token } from './document.js'
import { STOP_WORDS } from '../lexicons/stopwords.js'

/** Number of MinHash values in a signature. */
export const SIGNATURE_SIZE = 24
/** Values per LSH band: two documents are candidates when all values of one band agree. */
export const BAND_ROWS = 2
/** Number of LSH bands (SIGNATURE_SIZE / BAND_ROWS). */
export const BANDS = SIGNATURE_SIZE / BAND_ROWS
/**
 * Estimated Jaccard similarity of the shingle sets from which two texts count as near-duplicates:
 * a name slipped into a short template ("Great post Bruce! Very timely.", 5 of 9 shingles shared)
 * still counts, while texts that only share a few words do not. With 12 bands of 2 rows a pair at
 * 0.4 becomes a candidate 88% of the time (1 − (1 − 0.4²)¹²), at 0.6 99.6%.
 */
export const NEAR_DUPLICATE_SIMILARITY = 0.4

/** A MinHash signature: SIGNATURE_SIZE values, the low 16 bits of each minimum. */
export type Signature = Uint16Array

/** murmur3's 32-bit finaliser: a bijection on 32 bits that mixes every input bit into every output bit. */
export function mix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** FNV-1a over UTF-16 units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** One seed per MinHash function, fixed so that signatures are comparable across processes and releases. */
const SEEDS = Int32Array.from({ length: SIGNATURE_SIZE }, (_, k) => mix32(0x9e3779b9 + Math.imul(k + 1, 0x632be5ab)))

/**
 * The running minima of the signature being computed, one scratch array for every call (signatureOf
 * runs to its end without yielding). Each is kept as mix32's value with its top bit flipped, so the
 * signed comparison of int32s orders them as the unsigned values: the same minima, and the same low
 * 16 bits, as comparing mix32's results, without leaving 32-bit integer arithmetic (2.2 times faster
 * on a 300-character comment, measured ad hoc).
 */
const MINS = new Int32Array(SIGNATURE_SIZE)
const FLIP = -0x80000000

/** Lower the minima with one shingle's hash: MINS[k] = min(MINS[k], mix32(shingle ^ SEEDS[k]) ^ FLIP). */
function add(shingle: number): void {
  for (let k = 0; k < SIGNATURE_SIZE; k++) {
    // mix32, inlined on int32s
    let h = shingle ^ SEEDS[k]
    h ^= h >>> 16
    h = Math.imul(h, 0x85ebca6b)
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35)
    h ^= (h >>> 16) ^ FLIP
    if (h < MINS[k]) MINS[k] = h
  }
}

/**
 * The words of `text` after normalisation: folded (NFKC, homoglyphs, invisible characters), lower
 * case, apostrophes dropped ("don't" = "dont"); punctuation, emoji and white space are separators.
 */
export function normalisedWords(text: string): string[] {
  return shingleWords(tokenize(fold(text).text))
}

/** The words of tokens already folded and tokenised (a prepared document's), as normalisedWords writes them. */
function shingleWords(tokens: readonly Token[]): string[] {
  return tokens.map((t) => (t.lower.includes("'") ? t.lower.replaceAll("'", '') : t.lower))
}

/** Stop words without their apostrophes, as normalisedWords writes them. */
const STOP = new Set([...STOP_WORDS].map((w) => w.replaceAll("'", '')))

/** The MinHash signature of `text`, or null when it has no words (emoji only, punctuation only). */
export function fingerprint(text: string): Signature | null {
  return signatureOf(normalisedWords(text))
}

/** The signature of a prepared document's tokens: the same as fingerprint(doc.original), without folding and tokenising again. */
export function fingerprintTokens(tokens: readonly Token[]): Signature | null {
  return signatureOf(shingleWords(tokens))
}

function signatureOf(words: string[]): Signature | null {
  if (words.length === 0) return null
  MINS.fill(0x7fffffff) // mix32's largest value, 0xffffffff, flipped
  let previous = 0
  for (let i = 0; i < words.length; i++) {
    const word = fnv1a(words[i])
    // Stop words enter only within pairs: alone they would make every text that holds "the" share
    // minima, and crowd the buckets of the template memory. A one-word text is its word.
    if (!STOP.has(words[i]) || words.length === 1) add(mix32(word))
    // A pair's hash differs from any word's: the pair mixes two words with a different constant.
    if (i > 0) add(mix32((Math.imul(previous, 0x27d4eb2f) ^ word) + 0x165667b1))
    previous = word
  }
  const signature = new Uint16Array(SIGNATURE_SIZE)
  for (let k = 0; k < SIGNATURE_SIZE; k++) signature[k] = MINS[k] & 0xffff // the flip is in bit 31
  return signature
}

/** Estimated Jaccard similarity of two texts' shingle sets: the share of equal signature values. */
export function similarity(a: Signature, b: Signature): number {
  let equal = 0
  for (let k = 0; k < SIGNATURE_SIZE; k++) if (a[k] === b[k]) equal++
  return equal / SIGNATURE_SIZE
}

/** The 32-bit key of band `band` (0 ≤ band < BANDS) of a signature, read at `offset` in `values`. */
export function bandKey(values: Uint16Array, band: number, offset = 0): number {
  const i = offset + band * BAND_ROWS
  return mix32(((values[i] << 16) | values[i + 1]) ^ Math.imul(band + 1, 0x9e3779b1))
}
