/**
 * `npm run golden`: every signal's value, the score and the label of a fixed sample of the dev
 * texts (about forty rows of each file), written to test/fixtures/golden.json. test/engine/golden.test.ts
 * scores the same rows again and fails on any difference, so a change meant to make the engine
 * faster (issue 14) is shown to leave every answer as it was. A change meant to move values (a new
 * signal, a refit) runs this again and commits the file with it. Holds file names and line numbers,
 * never text. `npm run golden -- --hashes FILE` hashes every answer to every dev text instead (answerHashes, from two commits: cmp them).
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createScorer } from '../src/engine/score.js'
import { loadModel } from '../src/model/weights.js'
import { SIGNALS } from '../src/signals/index.js'

export const GOLDEN_FILE = new URL('../test/fixtures/golden.json', import.meta.url)
const DEV = new URL('../../shared/data/dev/', import.meta.url)
/** Rows sampled per dev file, evenly spread. */
const PER_FILE = 40

export interface Golden {
  model: string
  signals: string[]
  rows: Array<{ file: string; line: number; score: number; label: string; values: number[] }>
}

type DevRow = { text: string; kind?: 'post' | 'comment'; parent?: string }

/** The rows of every dev file, in file-name order, with their 1-based line numbers; `step`: every step-th line of each file, the first included. */
function* devRows(step: (lines: number) => number = () => 1): Generator<{ file: string; line: number; row: DevRow }> {
  for (const file of readdirSync(DEV).filter((f) => f.endsWith('.jsonl')).sort()) {
    const lines = readFileSync(new URL(file, DEV), 'utf8').split('\n')
    const every = step(lines.length)
    for (let i = 0; i < lines.length; i += every) {
      if (lines[i].trim() !== '') yield { file, line: i + 1, row: JSON.parse(lines[i]) as DevRow }
    }
  }
}

/** The sample scored now. */
export function goldenValues(): Golden {
  const scorer = createScorer(loadModel(), SIGNALS)
  const rows: Golden['rows'] = []
  for (const { file, line, row } of devRows((lines) => Math.max(1, Math.floor(lines / PER_FILE)))) {
    const result = scorer.score({ text: row.text, kind: row.kind, parent: row.parent })
    const byId = new Map(result.signals.map((s) => [s.id, s.value]))
    rows.push({ file, line, score: result.score, label: result.label, values: SIGNALS.map((s) => byId.get(s.id)!) })
  }
  return { model: scorer.model.version, signals: SIGNALS.map((s) => s.id), rows }
}

/* c8 ignore start -- the command itself; the test compares goldenValues() with the file it writes */
/**
 * One line per dev text and answer shape (full, brief): file, line, a SHA-1 of the whole answer
 * (evidence, sentence scores and stats included), score and label. Written by
 * `npm run golden -- --hashes FILE` on two commits, `cmp` says whether a speed change left every
 * answer to every dev text as it was (holds no text).
 */
function answerHashes(): string[] {
  const scorer = createScorer(loadModel(), SIGNALS)
  const out: string[] = []
  for (const { file, line, row } of devRows()) {
    for (const brief of [false, true]) {
      const r = scorer.score({ text: String(row.text), kind: row.kind, parent: row.parent, brief })
      out.push(`${file}:${line}:${brief ? 'brief' : 'full'} ${createHash('sha1').update(JSON.stringify(r)).digest('hex')} ${r.score} ${r.label}`)
    }
  }
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const hashes = process.argv.indexOf('--hashes')
  if (hashes > 0) {
    const file = process.argv[hashes + 1]
    const lines = answerHashes()
    writeFileSync(file, lines.join('\n') + '\n')
    process.stderr.write(`wrote ${file}: ${lines.length} answers\n`)
    process.exit(0)
  }
  const golden = goldenValues()
  writeFileSync(GOLDEN_FILE, JSON.stringify(golden) + '\n')
  process.stderr.write(`wrote ${GOLDEN_FILE.pathname}: ${golden.rows.length} rows, model ${golden.model}\n`)
}
/* c8 ignore stop */
