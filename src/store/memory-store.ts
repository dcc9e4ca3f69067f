/**
 * The embedded template store: the process's memory, nothing to install. Each replica has its own;
 * set REDIS_URL to share one store between replicas (redis-store.ts).
 *
 * Layout, for 1,000,000 entries in 121 MiB and no garbage per entry: a ring buffer of typed
 * arrays (signature, time, author, tenant tag per slot) that overwrites the oldest slot once full,
 * and one chained hash index over the signatures' LSH bands. Each (slot, band) is a node; a
 * bucket's head points at its newest node and each node at the next older one in its bucket.
 * Overwriting a slot never unlinks anything: the oldest slot is always the tail of its chains, and
 * a walk stops at the first node that is not older than the one before it (bar another band of the
 * same entry), lies in another bucket now, or has left the window; test/store/memory-store.test.ts
 * checks the whole against a plain list.
 *
 * Reserved once, at `maxEntries`, and never copied or rebuilt. The system zeroes the arrays page by
 * page as they are first written, so an empty 1,000,000-entry store adds nothing to the RSS
 * (npm run bench, "The template memory"); the per-slot arrays take RAM as slots are recorded, the
 * bucket heads (9 MiB at 1,000,000 entries, written at random places) soon all of theirs. The
 * heads hold node + 1, so that 0 (an untouched page) means an empty bucket. The arrays used to
 * double as the store filled; with the bucket counts below, the freed copies stayed in the C heap
 * and counted in the RSS (seen once, ad hoc), which reserving once rules out whatever the sizes.
 * The price: a TEMPLATE_MAX_ENTRIES too large for the machine's address space (or a strict
 * overcommit policy) is refused at start-up, where it used to fail later, as the store grew.
 *
 * Exact copies: one slot each, one place in the index. A second index chains the newest copies by a
 * hash of (tenant, whole signature). When a signature is recorded again by the same tenant, the
 * newest copy before it becomes the new slot's previous copy (copy link) and is marked `shadowed`:
 * its band nodes are cut out of the band chains by the next walks that pass them (as forgotten ones
 * are), and the newest copy stands for them all. A lookup that meets it counts its older copies by
 * following the copy links, without comparing them again. So a template stored ten thousand times
 * costs a walk of its newest maxScan copies once, not once per band (47 µs before, a few µs now:
 * npm run bench, "The template memory"). A band's candidates are thus its newest maxScan distinct
 * signatures, each with all its copies; the Redis store does the same (redis-store.ts).
 *
 * Per slot: 24 × 2 B signature + 12 × 4 B chain links + 4 B exact-chain link + 4 B copy link + 4 B
 * time + 4 B author + 4 B tenant + 1 B state = 117 B, plus the bucket heads (4 B per bucket, about
 * LOAD = 6 nodes per bucket on average at maxEntries) and the exact heads (4 B per bucket, about
 * EXACT_LOAD = 4 newest copies): 120.6 MiB at 1,000,000 entries, where 3 nodes and 1 copy per
 * bucket took 131.6, and with the engine a process stayed above 200 MB of RSS. Lookups walk
 * longer chains for it, each node a likely cache miss: 1.6 µs for a text in a full store of random
 * ones (npm run bench), and 26,000 lookups/s over comment-like texts, whose common words make long
 * chains (npm run bench:store; its run of the day before, with 3 nodes per bucket, gave 36,000 on a
 * machine whose speed varies from run to run). More nodes per bucket also make it likelier that a
 * crowded neighbour's nodes use up a walk's BUCKET_SCANS × maxScan steps before a band's own
 * candidates: with 12, a maxScan of 5 missed candidates in the test against a plain list; with 6
 * it agrees there and on real comments (test/store/memory-store.test.ts).
 *
 * Forgetting a tenant (forget) wipes its entries where they lie: author, time and tenant become 0,
 * and the signature's place holds only what the index already says, the bucket of each band (so
 * a walk can still tell a live chain from a stale pointer), until the slot is overwritten; lookups
 * cut such nodes out of the chains as they pass them. One sequential pass: 25–35 ms for a million
 * entries of which 100,000 are forgotten, 1.3 ms when none is. (Compacting the arrays and
 * rebuilding the index took 1.3 s, time in which the process answered nothing.) A forgotten slot
 * keeps its place in the ring, as a deleted id does in Redis: the oldest entry is still the one
 * recorded maxEntries records ago.
 *
 * Author stats (AUTHOR_STATS) are kept beside, in a Map of their own bounded by maxAuthors
 * (author-stats.ts).
 */
import { BANDS, BAND_ROWS, SIGNATURE_SIZE, bandKey, mix32, type Signature } from '../engine/fingerprint.js'
import { BUCKET_SCANS, MIN_EQUAL_VALUES, SightingsTally, bucketOf, checkOptions, toSeconds, type Sightings, type StoreHealth, type TemplateStore, type TemplateStoreOptions } from './template-store.js'
import { MemoryAuthorStats, type AuthorCounts } from './author-stats.js'

export interface MemoryTemplateStoreOptions extends TemplateStoreOptions {
  /** Most authors the author stats keep (AUTHOR_STATS_MAX_AUTHORS); past it the least recently counted go first. */
  maxAuthors?: number
}

/** Slot states: in the index; forgotten (wiped, see forgetNow); shadowed by a newer exact copy. */
const LIVE = 0
const FORGOTTEN = 1
const SHADOWED = 2
/** Slots a record walks down its exact chain looking for the previous copy (about EXACT_LOAD signatures share a bucket). */
const EXACT_SEARCH = 32
/** Node ids (slot × BANDS + band) are 32-bit signed integers. */
export const MAX_MEMORY_ENTRIES = Math.floor(0x7fffffff / BANDS)
/** Bytes of the per-slot arrays, per slot (see the layout above). */
const BYTES_PER_SLOT = SIGNATURE_SIZE * 2 + BANDS * 4 + 4 + 4 + 4 + 4 + 4 + 1
/** Target nodes per bucket of the index. */
const LOAD = 6
/** Target newest copies per exact bucket. */
const EXACT_LOAD = 4

/** The matching slots of a lookup, with their ages. */
class Matches {
  readonly slots: number[] = []
  readonly ages: number[] = []
  /** Whether the ages were added in increasing order (one group of copies: no sort needed). */
  private ordered = true

  /** Add a group of copies, the newest first: `slot` at `age`; copies() pushes the rest in increasing age. */
  add(slot: number, age: number): void {
    if (this.ages.length > 0) this.ordered = false
    this.slots.push(slot)
    this.ages.push(age)
  }

  /** The `n` newest slots. */
  newest(n: number): number[] {
    if (this.ordered) return this.slots.length <= n ? this.slots : this.slots.slice(0, n)
    const order = this.slots.map((_, i) => i).sort((a, b) => this.ages[a] - this.ages[b])
    return order.slice(0, n).map((i) => this.slots[i])
  }
}

export class MemoryTemplateStore implements TemplateStore {
  readonly kind = 'memory' as const
  private readonly windowSeconds: number
  private readonly capacity: number
  private readonly maxScan: number
  private readonly signatures: Uint16Array
  /** The same bytes as 32-bit words, for comparing whole signatures. */
  private readonly signatureWords: Uint32Array
  private readonly times: Uint32Array
  private readonly authors: Uint32Array
  private readonly tenants: Uint32Array
  /** Per slot: LIVE, FORGOTTEN (and not overwritten since) or SHADOWED. */
  private readonly states: Uint8Array
  /** Forgotten slots not yet overwritten. */
  private forgottenHeld = 0
  /** Per node: the next older node in the same bucket, or -1. */
  private readonly links: Int32Array
  /** Per bucket: its newest node + 1, or 0 when empty (an untouched page reads 0). */
  private readonly heads: Int32Array
  private readonly mask: number
  /** Per newest copy: the next older newest copy in the same exact bucket, or -1. */
  private readonly exactLinks: Int32Array
  /** Per slot: its previous copy (same tenant, same signature), or -1. */
  private readonly copyLinks: Int32Array
  /** Per exact bucket (a hash of tenant and signature): its newest slot + 1, or 0. */
  private readonly exactHeads: Int32Array
  private readonly exactMask: number
  /** Entries ever recorded. */
  private total = 0
  /** The slot of the newest entry ((total − 1) mod capacity). */
  private newest = 0
  /** The deployment's secret when no TEMPLATE_SALT is set: the first candidate, for the life of the process. */
  private secret: Buffer | undefined
  /** Author stats (author-stats.ts), apart from the fingerprints: a Map bounded by maxAuthors. */
  readonly authorStats: MemoryAuthorStats

  constructor(options: MemoryTemplateStoreOptions) {
    const o = checkOptions(options)
    this.authorStats = new MemoryAuthorStats(options.maxAuthors)
    if (o.maxEntries > MAX_MEMORY_ENTRIES) throw new Error(`template store: maxEntries must be at most ${MAX_MEMORY_ENTRIES} in memory, got ${o.maxEntries}`)
    this.windowSeconds = o.windowSeconds
    this.capacity = o.maxEntries
    this.maxScan = o.maxScan
    const slots = this.capacity
    let buckets = 16
    while (buckets * LOAD < slots * BANDS) buckets *= 2
    let exactBuckets = 16
    while (exactBuckets * EXACT_LOAD < slots) exactBuckets *= 2
    try {
      this.signatures = new Uint16Array(slots * SIGNATURE_SIZE)
      this.times = new Uint32Array(slots)
      this.authors = new Uint32Array(slots)
      this.tenants = new Uint32Array(slots)
      this.states = new Uint8Array(slots)
      this.links = new Int32Array(slots * BANDS)
      this.heads = new Int32Array(buckets)
      this.exactLinks = new Int32Array(slots)
      this.copyLinks = new Int32Array(slots)
      this.exactHeads = new Int32Array(exactBuckets)
      /* c8 ignore next 5 -- only a machine that will not reserve the address space (too little of it, strict overcommit, a ulimit -v) refuses */
    } catch (cause) {
      if (!(cause instanceof RangeError)) throw cause
      const mib = Math.round((slots * BYTES_PER_SLOT + (buckets + exactBuckets) * 4) / 2 ** 20)
      throw new Error(`template store: cannot reserve ${mib} MiB for ${slots} entries in memory; set a smaller TEMPLATE_MAX_ENTRIES, or REDIS_URL`, { cause })
    }
    this.signatureWords = new Uint32Array(this.signatures.buffer)
    this.mask = buckets - 1
    this.exactMask = exactBuckets - 1
  }

  /** Entries held (at most maxEntries; expired ones count until overwritten, forgotten ones do not). */
  async size(): Promise<number> {
    return Math.min(this.total, this.capacity) - this.forgottenHeld
  }

  /** Bytes reserved by the typed arrays (RAM is taken as they are written). */
  get bytes(): number {
    return this.signatures.byteLength + this.times.byteLength + this.authors.byteLength + this.tenants.byteLength + this.states.byteLength + this.links.byteLength + this.heads.byteLength + this.exactLinks.byteLength + this.copyLinks.byteLength + this.exactHeads.byteLength
  }

  async lookup(signature: Signature, nowMs: number, tenant = 0): Promise<Sightings> {
    return this.lookupNow(signature, nowMs, tenant)
  }

  async record(signature: Signature, author: number, nowMs: number, tenant = 0): Promise<void> {
    this.recordNow(signature, author, nowMs, tenant)
  }

  async forget(tenant: number): Promise<number> {
    return this.forgetNow(tenant)
  }

  async countAuthor(tenant: number, author: string, templated: boolean, nowMs: number, windowSeconds: number): Promise<AuthorCounts> {
    return this.authorStats.count(tenant, author, templated, nowMs, windowSeconds)
  }

  async authorCounts(tenant: number, author: string, nowMs: number, windowSeconds: number): Promise<AuthorCounts> {
    return this.authorStats.read(tenant, author, nowMs, windowSeconds)
  }

  async forgetAuthors(tenant: number): Promise<number> {
    return this.authorStats.forget(tenant)
  }

  /** Per process: a second process has a memory of its own anyway. */
  async sharedSecret(candidate: Buffer): Promise<Buffer> {
    this.secret ??= Buffer.from(candidate)
    return this.secret
  }

  health(): StoreHealth {
    return { store: 'memory', status: 'ok' }
  }

  async close(): Promise<void> {}

  /**
   * The synchronous lookup (the bench measures it without the promise). For each band, the newest
   * `maxScan` distinct signatures with the query's band key are candidates, found in at most
   * BUCKET_SCANS × maxScan steps of the bucket's chain; the near-duplicates among all candidates
   * match with all their exact copies, and the newest `maxScan` matching entries count. Redis
   * answers the same (redis-store.ts). A band key shared by
   * many unrelated texts (a common phrase) thus costs a bounded walk, and a true near-duplicate,
   * which shares most bands, is still found through the others.
   */
  lookupNow(signature: Signature, nowMs: number, tenant = 0): Sightings {
    const cutoff = toSeconds(nowMs) - this.windowSeconds
    const tag = tenant >>> 0
    const checked = new Set<number>()
    const matches = new Matches()
    for (let band = 0; band < BANDS; band++) {
      const key = bandKey(signature, band)
      const bucket = this.bucket(band, key)
      let candidates = 0
      let steps = BUCKET_SCANS * this.maxScan
      let previousAge = -1
      let previousBand = BANDS
      // Forgotten and shadowed nodes cost no steps: the walk cuts each run of them out of the chain as it
      // passes (from `before`, the live node that led into the run, or the bucket's head), so each is passed once.
      let before = -1
      let inSkipped = false
      for (let node = this.heads[bucket] - 1; node >= 0 && candidates < this.maxScan && steps > 0; node = this.links[node]) {
        const slot = (node / BANDS) | 0
        const nodeBand = node - slot * BANDS
        const age = this.age(slot)
        // Older, or the same entry's lower band (two bands of one entry can share a bucket); else the slot was overwritten since.
        if (age < previousAge || (age === previousAge && nodeBand >= previousBand)) break
        const state = this.states[slot]
        // A forgotten entry keeps its place in the chains: the bucket it was linked in, no key and no time.
        const nodeKey = state === FORGOTTEN ? -1 : bandKey(this.signatures, nodeBand, slot * SIGNATURE_SIZE)
        const nodeBucket = state === FORGOTTEN ? this.forgottenBucket(slot, nodeBand) : this.bucket(nodeBand, nodeKey)
        if (nodeBucket !== bucket) break // overwritten by an entry of another bucket
        if (state !== LIVE) {
          previousAge = age
          previousBand = nodeBand
          inSkipped = true
          continue
        }
        steps--
        if (inSkipped) this.cut(bucket, before, node)
        inSkipped = false
        before = node
        if (this.times[slot] <= cutoff) break // older than the window, and so is the rest of the chain
        previousAge = age
        previousBand = nodeBand
        if (nodeBand !== band || nodeKey !== key) continue
        candidates++
        if (checked.has(slot)) continue
        checked.add(slot)
        if (this.tenants[slot] !== tag) continue
        const at = slot * SIGNATURE_SIZE
        let equal = 0
        for (let k = 0; k < SIGNATURE_SIZE; k++) if (this.signatures[at + k] === signature[k]) equal++
        if (equal >= MIN_EQUAL_VALUES) this.copies(slot, cutoff, matches)
      }
      // A run of skipped nodes that ends the chain, or ends at a node overwritten since: nothing alive follows it.
      if (inSkipped) this.cut(bucket, before, -1)
    }
    const tally = new SightingsTally()
    for (const slot of matches.newest(this.maxScan)) tally.add(this.times[slot], this.authors[slot])
    return tally.result()
  }

  /**
   * Add `slot` (a live entry, the newest of its copies) and its older copies within the window to
   * `matches`, newest first, up to maxScan.
   */
  private copies(slot: number, cutoff: number, matches: Matches): void {
    let age = this.age(slot)
    matches.add(slot, age)
    const { slots, ages } = matches
    // Every copy of a live entry is alive or overwritten: forgetting takes all of a tenant's entries at once.
    for (let other = this.copyLinks[slot], found = 1; other >= 0 && found < this.maxScan; other = this.copyLinks[other], found++) {
      const otherAge = this.age(other)
      if (otherAge <= age) break // overwritten since: nothing older is alive
      age = otherAge
      if (this.times[other] <= cutoff) break
      slots.push(other)
      ages.push(otherAge)
    }
  }

  /** The synchronous record. */
  recordNow(signature: Signature, author: number, nowMs: number, tenant = 0): void {
    const slot = this.total % this.capacity
    if (this.states[slot] === FORGOTTEN) this.forgottenHeld--
    this.states[slot] = LIVE
    this.signatures.set(signature, slot * SIGNATURE_SIZE)
    this.times[slot] = toSeconds(nowMs)
    this.authors[slot] = author >>> 0
    this.tenants[slot] = tenant >>> 0
    this.total++
    this.newest = slot
    this.linkExact(slot)
    this.link(slot)
  }

  /**
   * Put a just-written slot at the head of its exact bucket. When the bucket holds a live entry of
   * the same tenant and signature (the newest copy), that entry becomes the slot's previous copy: it
   * is marked shadowed and leaves the exact chain, so the chain holds newest copies only.
   */
  private linkExact(slot: number): void {
    const bucket = this.exactBucket(slot)
    const tag = this.tenants[slot]
    this.copyLinks[slot] = -1
    let before = -1
    let age = 0 // the slot's own: every other is older
    let steps = EXACT_SEARCH
    for (let other = this.exactHeads[bucket] - 1; other >= 0 && steps > 0; before = other, other = this.exactLinks[other], steps--) {
      const otherAge = this.age(other)
      if (otherAge <= age) break // overwritten since
      age = otherAge
      if (this.states[other] !== LIVE || this.tenants[other] !== tag || !this.sameSignature(other, slot)) continue
      this.copyLinks[slot] = other
      this.states[other] = SHADOWED
      if (before < 0) this.exactHeads[bucket] = this.exactLinks[other] + 1
      else this.exactLinks[before] = this.exactLinks[other]
      break
    }
    this.pushExact(slot, bucket)
  }

  /** Make `slot` the head of its exact bucket's chain. */
  private pushExact(slot: number, bucket: number): void {
    // A head that is this slot is left from the entry just overwritten, the oldest: nothing behind it is alive.
    const head = this.exactHeads[bucket] - 1
    this.exactLinks[slot] = head === slot ? -1 : head
    this.exactHeads[bucket] = slot + 1
  }

  /** Whether two slots hold the same signature (compared as 32-bit words: a slot's 48 bytes start 4-byte aligned). */
  private sameSignature(a: number, b: number): boolean {
    const words = this.signatureWords
    const n = SIGNATURE_SIZE / 2
    for (let k = 0, i = a * n, j = b * n; k < n; k++, i++, j++) if (words[i] !== words[j]) return false
    return true
  }

  /** The exact bucket of a live slot: a hash of its tenant tag and its whole signature. */
  private exactBucket(slot: number): number {
    let h = this.tenants[slot]
    const at = slot * SIGNATURE_SIZE
    for (let k = 0; k < SIGNATURE_SIZE; k += 2) h = mix32(h ^ ((this.signatures[at + k] << 16) | this.signatures[at + k + 1]))
    return h & this.exactMask
  }

  /**
   * The synchronous forget: each entry of the tenant is wiped in place. Its signature values become
   * the bucket of each band (two values a band, as the index computed it), which the lookup walk
   * checks instead of the band key; the chains stay as they are.
   */
  forgetNow(tenant: number): number {
    const held = Math.min(this.total, this.capacity)
    const tag = tenant >>> 0
    let removed = 0
    for (let slot = 0; slot < held; slot++) {
      if (this.tenants[slot] !== tag || this.states[slot] === FORGOTTEN) continue
      const at = slot * SIGNATURE_SIZE
      for (let band = 0; band < BANDS; band++) {
        const bucket = this.bucket(band, bandKey(this.signatures, band, at))
        this.signatures[at + band * BAND_ROWS] = bucket >>> 16
        this.signatures[at + band * BAND_ROWS + 1] = bucket & 0xffff
      }
      this.times[slot] = 0
      this.authors[slot] = 0
      this.tenants[slot] = 0
      this.states[slot] = FORGOTTEN
      removed++
    }
    this.forgottenHeld += removed
    return removed
  }

  /** Point `before` (a node, or with -1 the head of `bucket`) at `next`, cutting out the forgotten nodes between. */
  private cut(bucket: number, before: number, next: number): void {
    if (before < 0) this.heads[bucket] = next + 1
    else this.links[before] = next
  }

  /** The bucket a forgotten slot's node of `band` was linked in. */
  private forgottenBucket(slot: number, band: number): number {
    const at = slot * SIGNATURE_SIZE + band * BAND_ROWS
    return ((this.signatures[at] << 16) | this.signatures[at + 1]) >>> 0
  }

  /** 0 for the newest slot, capacity − 1 for the oldest. */
  private age(slot: number): number {
    const age = this.newest - slot
    return age < 0 ? age + this.capacity : age
  }

  private bucket(band: number, key: number): number {
    return bucketOf(band, key) & this.mask
  }

  /**
   * Push the slot's nodes onto their buckets' chains, bands in increasing order. A head that is
   * this slot's node for this band or a higher one is left from the entry just overwritten, the
   * oldest: nothing behind it is alive, so the chain ends here.
   */
  private link(slot: number): void {
    for (let band = 0; band < BANDS; band++) {
      const node = slot * BANDS + band
      const bucket = this.bucket(band, bandKey(this.signatures, band, slot * SIGNATURE_SIZE))
      const head = this.heads[bucket] - 1
      this.links[node] = head >= slot * BANDS + band && head < (slot + 1) * BANDS ? -1 : head
      this.heads[bucket] = node + 1
    }
  }
}
