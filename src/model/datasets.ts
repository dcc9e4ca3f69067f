/**
 * The labeled dev files the model is fitted and evaluated on (../shared/data/dev, see its README),
 * and what counts as a positive row in each. All rows are human-written except the `ai` rows;
 * spam and clickbait count as positives because they are the templated writing the `generic`
 * dimension describes.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Kind } from '../engine/document.js'
import type { Dimension } from '../signals/define.js'

export interface DatasetSpec {
  file: string
  /** The dimension whose signals this file fits. */
  dimension: Dimension
  /** What a positive row is, in words (for reports). */
  positive: string
  isPositive(row: Record<string, unknown>): boolean
  kind: Kind
  /**
   * Rows with fewer words are scored but not fitted. The short rows are nearly all human (under 30
   * words: 922 GRiD rows, all human; 177 HC3 rows, 161 human): too short for most style signals to
   * fire, they would teach the model that an all-zero row is human, a property of how the files
   * were collected that would then lower every short comment the service sees.
   */
  minFitWords?: number
}

/** See DatasetSpec.minFitWords: about two sentences, below which style signals mostly cannot fire. */
export const MIN_FIT_WORDS = 30

export const DATASETS: DatasetSpec[] = [
  { file: 'grid-reddit.jsonl', dimension: 'aiStyle', positive: 'label ai', isPositive: (r) => r.label === 'ai', kind: 'post', minFitWords: MIN_FIT_WORDS },
  { file: 'hc3.jsonl', dimension: 'aiStyle', positive: 'label ai', isPositive: (r) => r.label === 'ai', kind: 'post', minFitWords: MIN_FIT_WORDS },
  { file: 'youtube-comments.jsonl', dimension: 'generic', positive: 'spam', isPositive: (r) => r.spam === true, kind: 'comment' },
  { file: 'headlines.jsonl', dimension: 'generic', positive: 'clickbait', isPositive: (r) => r.clickbait === true, kind: 'post' },
]

export const DEV_DIR = process.env.DEV_DATA_DIR ?? fileURLToPath(new URL('../../../shared/data/dev/', import.meta.url))

export interface Row {
  text: string
  y: number
  /** `file:positive` or `file:negative`: each group gets the same total weight when fitting. */
  group: string
  source: string
  domain: string
  kind: Kind
  dimension: Dimension
}

export interface LoadedFile {
  file: string
  rows: Row[]
  sha256: string
}

/** Read one labeled JSONL file; fails with a message that says where the data should be. */
export function loadDataset(spec: DatasetSpec, dir = DEV_DIR): LoadedFile {
  const path = `${dir.replace(/\/$/, '')}/${spec.file}`
  if (!existsSync(path)) {
    throw new Error(`dev data not found at ${path}: lay the project's shared/ folder beside the checkout (../shared/data/dev) or set DEV_DATA_DIR`)
  }
  const raw = readFileSync(path)
  const rows: Row[] = []
  for (const line of raw.toString('utf8').split('\n')) {
    if (line.trim() === '') continue
    const r = JSON.parse(line) as Record<string, unknown>
    const y = spec.isPositive(r) ? 1 : 0
    rows.push({
      text: String(r.text),
      y,
      group: `${spec.file}:${y === 1 ? 'positive' : 'negative'}`,
      source: spec.file,
      domain: String(r.domain),
      kind: spec.kind,
      dimension: spec.dimension,
    })
  }
  return { file: spec.file, rows, sha256: createHash('sha256').update(raw).digest('hex') }
}
