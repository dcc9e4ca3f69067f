/**
 * Groups of near-duplicate texts (a thread's copy-paste comments), from their fingerprints.
 *
 * Candidates come from LSH: two texts are compared only when one band of their signatures agrees,
 * so unrelated comments are never compared and the work grows with the number of texts, not its
 * square (Leskovec, Rajaraman and Ullman, Mining of Massive Datasets, ch. 3). A candidate pair
 * whose estimated similarity reaches NEAR_DUPLICATE_SIMILARITY is joined (union-find), so a group
 * is the connected near-duplicates. Pure and deterministic.
 */
import { BANDS, NEAR_DUPLICATE_SIMILARITY, bandKey, similarity, type Signature } from './fingerprint.js'

export interface Cluster {
  /** Indices of the member texts, ascending; the first is the example. */
  members: number[]
  /** The lowest estimated similarity between the example and another member. */
  similarity: number
}

/**
 * Clusters of two or more near-duplicates among `signatures` (null: a text without words, never
 * clustered), ordered by their first member.
 */
export function nearDuplicateClusters(signatures: ReadonlyArray<Signature | null>, threshold = NEAR_DUPLICATE_SIMILARITY): Cluster[] {
  const parent = signatures.map((_, i) => i)
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]]
      i = parent[i]
    }
    return i
  }
  for (let band = 0; band < BANDS; band++) {
    const buckets = new Map<number, number[]>()
    signatures.forEach((s, i) => {
      if (s === null) return
      const key = bandKey(s, band)
      const bucket = buckets.get(key)
      if (bucket) bucket.push(i)
      else buckets.set(key, [i])
    })
    for (const bucket of buckets.values()) {
      for (let x = 0; x < bucket.length; x++) {
        for (let y = x + 1; y < bucket.length; y++) {
          const a = find(bucket[x])
          const b = find(bucket[y])
          if (a === b) continue
          if (similarity(signatures[bucket[x]]!, signatures[bucket[y]]!) >= threshold) parent[Math.max(a, b)] = Math.min(a, b)
        }
      }
    }
  }
  const groups = new Map<number, number[]>()
  signatures.forEach((s, i) => {
    if (s === null) return
    const root = find(i)
    const group = groups.get(root)
    if (group) group.push(i)
    else groups.set(root, [i])
  })
  const clusters: Cluster[] = []
  for (const members of groups.values()) {
    if (members.length < 2) continue
    const example = signatures[members[0]]!
    let lowest = 1
    for (let k = 1; k < members.length; k++) lowest = Math.min(lowest, similarity(example, signatures[members[k]]!))
    clusters.push({ members, similarity: Math.round(lowest * 1e4) / 1e4 })
  }
  return clusters.sort((a, b) => a.members[0] - b.members[0])
}
