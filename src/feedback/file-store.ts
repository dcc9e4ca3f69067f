/**
 * Feedback in a JSONL file (FEEDBACK_FILE, default ./data/feedback.jsonl): the store of a service
 * without REDIS_URL. One row per line, in the shape the export answers and the fit reads, so the
 * file itself can be handed to `npm run fit -- --feedback FILE`.
 *
 * - Created on the first feedback, with its folder, readable by the owner only (0600): it may hold
 *   texts sent with `storeText: true`. Beside it, FEEDBACK_FILE.key holds the secret that keys the
 *   fingerprints when TEMPLATE_SALT is not set (hex, 0600), so fingerprints survive a restart.
 * - Bounded per tenant: when a tenant holds a tenth more than `maxRowsPerTenant` rows, the file is
 *   rewritten (a temporary file renamed over it) keeping each tenant's newest `maxRowsPerTenant`.
 *   Waiting for a tenth more keeps that rewrite rare: one per maxRows / 10 rows, not one per row.
 * - Writes from this process go one at a time, each row in one append, so lines never interleave.
 *   It is a store for ONE process: replicas that share a folder would each count and rewrite the
 *   file on their own. Several replicas use Redis (REDIS_URL).
 * - A line that is not a row (a crash mid-write, a hand edit) is skipped by the export and dropped
 *   by the next rewrite; a missing final newline is added before the next row.
 */
import { createReadStream } from 'node:fs'
import { appendFile, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { createInterface } from 'node:readline'
import { FeedbackRowSchema, type FeedbackRow } from './row.js'
import { checkMaxRows, type FeedbackStore, type FeedbackStoreOptions } from './store.js'

export interface FileFeedbackStoreOptions extends FeedbackStoreOptions {
  /** The JSONL file (FEEDBACK_FILE). */
  path: string
}

/** Characters written to the rewritten file at a time. */
const COMPACT_CHUNK_CHARS = 64 * 1024

/** Bytes of a secret read back from the key file, at least. */
const MIN_SECRET_BYTES = 16

/** Reads a line as a row; undefined for anything else. */
function parseRow(line: string): FeedbackRow | undefined {
  if (line.trim() === '') return undefined
  try {
    const parsed = FeedbackRowSchema.safeParse(JSON.parse(line))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT'

export class FileFeedbackStore implements FeedbackStore {
  readonly kind = 'file' as const
  readonly path: string
  private readonly maxRows: number
  /** Rows per tenant in the file, read on first use. */
  private counts: Map<string, number> | undefined
  /** The file ends without a newline (a crash mid-write): the next row starts with one. */
  private unterminated = false
  /** Every operation that touches the file waits for the one before (see serial). */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(options: FileFeedbackStoreOptions) {
    this.maxRows = checkMaxRows(options)
    this.path = options.path
  }

  async add(row: FeedbackRow): Promise<void> {
    await this.serial(async () => {
      const counts = await this.load()
      await mkdir(dirname(this.path), { recursive: true })
      await appendFile(this.path, `${this.unterminated ? '\n' : ''}${JSON.stringify(row)}\n`, { mode: 0o600 })
      this.unterminated = false
      const n = (counts.get(row.tenant) ?? 0) + 1
      counts.set(row.tenant, n)
      if (n > this.maxRows + Math.ceil(this.maxRows / 10)) await this.compact(counts)
    })
  }

  async *rows(tenant?: string): AsyncIterable<FeedbackRow> {
    // The size now, taken between writes: rows appended while the export runs are not read, and a
    // row being appended is never read half-written.
    const size = await this.serial(async () => {
      try {
        return (await stat(this.path)).size
      } catch (err) {
        if (isMissing(err)) return 0
        throw err
      }
    })
    if (size === 0) return
    // A rewrite renames a new file over this one; the stream keeps reading the file it opened.
    const lines = createInterface({ input: createReadStream(this.path, { start: 0, end: size - 1 }), crlfDelay: Infinity })
    for await (const line of lines) {
      const row = parseRow(line)
      if (row !== undefined && (tenant === undefined || row.tenant === tenant)) yield row
    }
  }

  async sharedSecret(candidate: Buffer): Promise<Buffer> {
    return this.serial(async () => {
      const keyPath = `${this.path}.key`
      try {
        return this.readSecret(await readFile(keyPath, 'utf8'), keyPath)
      } catch (err) {
        if (!isMissing(err)) throw err
      }
      await mkdir(dirname(keyPath), { recursive: true })
      await writeFile(keyPath, `${candidate.toString('hex')}\n`, { flag: 'wx', mode: 0o600 })
      return candidate
    })
  }

  async close(): Promise<void> {
    await this.queue
  }

  private readSecret(text: string, keyPath: string): Buffer {
    const secret = Buffer.from(text.trim(), 'hex')
    if (secret.length < MIN_SECRET_BYTES || secret.toString('hex') !== text.trim().toLowerCase()) {
      throw new Error(`feedback store: ${keyPath} does not hold a secret of at least ${MIN_SECRET_BYTES} bytes in hex: delete it (fingerprints made before will no longer match) or set TEMPLATE_SALT`)
    }
    return secret
  }

  /** Run `op` after every operation before it has settled, failed or not. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op)
    this.queue = run.catch(() => {})
    return run
  }

  /** The rows per tenant in the file (read once), and whether it ends mid-line. */
  private async load(): Promise<Map<string, number>> {
    if (this.counts !== undefined) return this.counts
    const counts = new Map<string, number>()
    let size = 0
    try {
      size = (await stat(this.path)).size
    } catch (err) {
      if (!isMissing(err)) throw err
    }
    if (size > 0) {
      for await (const line of createInterface({ input: createReadStream(this.path), crlfDelay: Infinity })) {
        const row = parseRow(line)
        if (row !== undefined) counts.set(row.tenant, (counts.get(row.tenant) ?? 0) + 1)
      }
      const file = await open(this.path, 'r')
      try {
        const last = Buffer.alloc(1)
        await file.read(last, 0, 1, size - 1)
        this.unterminated = last[0] !== 0x0a
      } finally {
        await file.close()
      }
    }
    this.counts = counts
    return counts
  }

  /**
   * Rewrite the file with each tenant's newest maxRows rows (and no line that is not a row). A
   * rewrite that fails leaves the file as it was, over the bound, and the next row tries again: the
   * row that set it off is stored either way.
   */
  private async compact(counts: Map<string, number>): Promise<void> {
    const skip = new Map([...counts].map(([tenant, n]) => [tenant, Math.max(0, n - this.maxRows)]))
    const temporary = `${this.path}.${process.pid}.tmp`
    const kept = new Map<string, number>()
    try {
      const out = await open(temporary, 'w', 0o600)
      try {
        let chunk = ''
        for await (const line of createInterface({ input: createReadStream(this.path), crlfDelay: Infinity })) {
          const row = parseRow(line)
          if (row === undefined) continue
          const left = skip.get(row.tenant) ?? 0
          if (left > 0) {
            skip.set(row.tenant, left - 1)
            continue
          }
          kept.set(row.tenant, (kept.get(row.tenant) ?? 0) + 1)
          chunk += `${line}\n`
          if (chunk.length >= COMPACT_CHUNK_CHARS) {
            await out.write(chunk)
            chunk = ''
          }
        }
        await out.write(chunk)
      } finally {
        await out.close()
      }
      await rename(temporary, this.path)
      this.counts = kept
    } catch {
      await rm(temporary, { force: true }).catch(() => {})
    }
  }
}
