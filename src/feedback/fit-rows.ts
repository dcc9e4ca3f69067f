/**
 * `npm run fit -- --feedback FILE`: moderator feedback, as GET /v1/feedback/export answers it (or
 * the FEEDBACK_FILE itself), read as extra labeled rows of the fit (src/model/fit.ts).
 *
 * - A row with text becomes a labeled row: `templated` → y = 1, `authentic` → y = 0.
 * - A row without text (the default: only a fingerprint was kept) cannot be measured: no signal
 *   runs on a hash. It is counted as skipped, and reported.
 * - A text judged more than once by one tenant (same fingerprint) counts once, with its latest
 *   judgement: a moderator who corrects a call by fingerprint alone relabels the text an earlier
 *   row kept. The other rows are counted as superseded.
 * - Dimension `generic`. Moderators flag what this service calls templated, stock comments that
 *   could sit under any post, which is what the generic files (YouTube spam, clickbait) teach;
 *   and the aiStyle dimension sets the thresholds from its human rows with every source weighing
 *   the same, so a few authentic rows there would move the thresholds for everyone.
 * - Weight: each feedback row weighs as one YouTube comment of its label (it joins that file's
 *   weighting group). As a group of its own it would weigh as much as the whole spam collection,
 *   so three rows could outweigh 456 spam comments; joined, a handful of rows nudges the weights
 *   and a few hundred count as much as the collection does.
 *
 * The shape of a fit row is written out here rather than imported from src/model/datasets.ts, which
 * the service's build leaves out (tsconfig.json); fit.ts checks the two agree when it takes them.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { z } from 'zod'
import type { Kind } from '../engine/document.js'
import type { Row } from '../model/datasets.js'

/** The weighting groups feedback rows join (see the header): the YouTube comments' spam and ham. */
export const FEEDBACK_WEIGHT_GROUPS = { positive: 'youtube-comments.jsonl:positive', negative: 'youtube-comments.jsonl:negative' } as const

/** A labeled row as the fit takes it (src/model/datasets.ts, Row): of the generic dimension, for fitting. */
export type FeedbackFitRow = Row & { dimension: 'generic'; use: 'fit' }

export interface FeedbackFold {
  /** The rows with text, as one more file of the fit (src/model/datasets.ts, LoadedFile). */
  file: { file: string; rows: FeedbackFitRow[]; sha256: string }
  /** Lines read (rows of the export). */
  read: number
  /** Texts added, by label. */
  added: { templated: number; authentic: number }
  /** Texts without text: judged by fingerprint only, so nothing to measure. */
  skipped: number
  /** Rows that a later judgement of the same text (same tenant and fingerprint) replaced. */
  superseded: number
}

/** What the fit reads of an export row; the other fields (id, time, reason) are left alone. */
const FitRowSchema = z.object({
  expected: z.enum(['authentic', 'templated'], { error: 'expected must be "authentic" or "templated"' }),
  text: z.string({ error: 'text must be a string' }).optional(),
  kind: z.enum(['post', 'comment'], { error: 'kind must be "post" or "comment"' }).default('comment'),
  tenant: z.string({ error: 'tenant must be a string' }).optional(),
  fingerprint: z.string({ error: 'fingerprint must be a string' }).optional(),
})

/** The domain (and subgroup) of feedback rows in the fit's reports. */
export const FEEDBACK_DOMAIN = 'moderator feedback'

/** Read a feedback export as rows of the fit; throws naming the line of a row it cannot read. */
export function loadFeedbackFile(path: string): FeedbackFold {
  if (!existsSync(path)) throw new Error(`feedback file not found: ${path} (export one with GET /v1/feedback/export, or use the FEEDBACK_FILE itself)`)
  const raw = readFileSync(path)
  const source = `feedback:${basename(path)}`
  // By text (tenant and fingerprint), in file order: the latest judgement, and the text if any row kept it.
  const texts = new Map<string, { expected: 'authentic' | 'templated'; kind: Kind; text?: string }>()
  let read = 0
  raw.toString('utf8').split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    let json: unknown
    try {
      json = JSON.parse(line)
    } catch (err) {
      throw new Error(`${path}:${i + 1}: not a JSON row (${(err as Error).message}): the file must hold one row of GET /v1/feedback/export per line`)
    }
    const parsed = FitRowSchema.safeParse(json)
    if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`)
    const row = parsed.data
    read++
    const key = row.tenant !== undefined && row.fingerprint !== undefined ? `${row.tenant}\u0000${row.fingerprint}` : `line ${i + 1}`
    const text = row.text !== undefined && row.text.trim() !== '' ? row.text : texts.get(key)?.text
    texts.set(key, { expected: row.expected, kind: row.kind, ...(text === undefined ? {} : { text }) })
  })
  const rows: FeedbackFitRow[] = []
  const added = { templated: 0, authentic: 0 }
  let skipped = 0
  for (const [key, judged] of texts) {
    if (judged.text === undefined) {
      skipped++
      continue
    }
    added[judged.expected]++
    const y = judged.expected === 'templated' ? 1 : 0
    rows.push({
      text: judged.text,
      y,
      group: y === 1 ? FEEDBACK_WEIGHT_GROUPS.positive : FEEDBACK_WEIGHT_GROUPS.negative,
      cluster: `${source}#${key}`,
      source,
      domain: FEEDBACK_DOMAIN,
      subgroup: FEEDBACK_DOMAIN,
      kind: judged.kind,
      dimension: 'generic',
      use: 'fit',
    })
  }
  return { file: { file: source, rows, sha256: createHash('sha256').update(raw).digest('hex') }, read, added, skipped, superseded: read - texts.size }
}

/** The fold in one line, for the fit's report. */
export function describeFold(fold: FeedbackFold, path: string): string {
  const { added, skipped, superseded, read } = fold
  return (
    `feedback ${path}: ${read} rows; added ${added.templated + added.authentic} texts to the generic fit (${added.templated} templated, ${added.authentic} authentic); ` +
    `skipped ${skipped} without text (judged by fingerprint only: send storeText: true to let a refit learn from a text); ${superseded} superseded by a later judgement of the same text`
  )
}

/**
 * The fit's arguments without `--feedback FILE` (or `--feedback=FILE`), and that FILE. Throws when
 * the file is missing, or with --check, which compares the fit of the dev data alone with the
 * committed weights.json: a fit with feedback is never that.
 */
export function feedbackArgument(argv: readonly string[]): { feedback?: string; rest: string[] } {
  const rest: string[] = []
  let feedback: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--feedback' || arg.startsWith('--feedback=')) {
      const value = arg === '--feedback' ? argv[++i] : arg.slice('--feedback='.length)
      if (value === undefined || value === '' || value.startsWith('--')) throw new Error('--feedback needs a file: npm run fit -- --feedback feedback.jsonl')
      feedback = value
    } else rest.push(arg)
  }
  if (feedback !== undefined && rest.includes('--check')) {
    throw new Error('--check compares the fit of the dev data with the committed weights.json; a fit with --feedback is never that one: leave one of them out')
  }
  return feedback === undefined ? { rest } : { feedback, rest }
}
