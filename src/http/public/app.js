// The playground's script: scores through /v1/score on this same service and renders the
// explanation. URLs are relative to the page, so the service can sit behind a path prefix.
// Plain browser JavaScript, no build step and no dependency, so the page works
// offline and nothing is fetched from elsewhere. Text is only ever inserted with textContent.
//
// Evidence and sentence offsets are Unicode code points (see the README), so the text is cut with
// Array.from(text), never with String.prototype.slice (which counts UTF-16 units: an emoji is 2).

const $ = (id) => document.getElementById(id)
const form = $('form')
const textBox = $('text')
const parentBox = $('parent')
const kindBox = $('kind')
const keyBox = $('apikey')
const statusLine = $('status')
const results = $('results')

const KEY_STORAGE = 'authenticity-playground-key'
const DIMENSIONS = {
  aiStyle: 'reads like assistant output',
  generic: 'banal, could be posted under anything',
}

let cardCount = 0

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    if (name === 'class') node.className = value
    else node.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue
    node.append(child instanceof Node ? child : String(child))
  }
  return node
}

const signed = (x) => (x > 0 ? '+' : x < 0 ? '−' : '±') + Math.abs(x).toFixed(2)

function setStatus(message, isError = false) {
  statusLine.textContent = message
  statusLine.classList.toggle('error', isError)
}

/** POST /v1/score; throws an Error whose message a person can act on. */
async function score({ text, kind, parent }) {
  // remember: false: trying texts out here must not teach the template memory that they repeat.
  // explain: 'full': the page shows every signal, the silent ones too, with its description.
  const body = { text, kind, remember: false, explain: 'full' }
  if (parent && parent.trim()) body.parent = parent
  const headers = { 'content-type': 'application/json', accept: 'application/json' }
  const key = keyBox.value.trim()
  if (key) headers.authorization = `Bearer ${key}`
  let response
  try {
    response = await fetch('v1/score', { method: 'POST', headers, body: JSON.stringify(body) })
  } catch {
    throw new Error('The service did not answer: is it still running?')
  }
  const data = await response.json().catch(() => null)
  if (response.ok) return data
  if (response.status === 401 || response.status === 403) {
    throw new Error('This service requires an API key: open “API key (only if this service requires one)” and enter yours.')
  }
  if (response.status === 429) throw new Error('Too many requests for now: wait a moment and try again.')
  throw new Error(data && data.message ? data.message : `The service answered ${response.status}.`)
}

/** Cuts the text into segments at every evidence and sentence boundary (code points). */
export function segments(text, result) {
  const chars = Array.from(text)
  const n = chars.length
  const clamp = (x) => Math.max(0, Math.min(n, x))
  const items = []
  // Only what moved the score is highlighted: a signal of weight 0 measured something that does not count.
  for (const signal of result.signals) {
    if (signal.contribution === 0) continue
    for (const e of signal.evidence) {
      const start = clamp(e.start)
      const end = clamp(e.end)
      if (end > start) items.push({ start, end, signal, note: e.note })
    }
  }
  const sentences = result.sentences.map((s) => ({ start: clamp(s.start), end: clamp(s.end), score: s.score, contribution: s.contribution }))
  const cuts = new Set([0, n])
  for (const it of items) cuts.add(it.start).add(it.end)
  for (const s of sentences) cuts.add(s.start).add(s.end)
  const sorted = [...cuts].sort((a, b) => a - b)
  const out = []
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i]
    const end = sorted[i + 1]
    out.push({
      start,
      end,
      text: chars.slice(start, end).join(''),
      covering: items.filter((it) => it.start <= start && it.end >= end),
      sentenceEnd: sentences.find((s) => s.end === end && s.start < end),
    })
  }
  return out
}

/** The mark's class: which dimension raised the score here, or a human marker that lowered it. */
function markClass(covering) {
  const raising = new Set(covering.filter((c) => c.signal.contribution > 0).map((c) => c.signal.dimension))
  if (raising.size === 2) return 'm-both'
  if (raising.size === 1) return `m-${[...raising][0]}`
  return 'm-lowers'
}

function describe(covering) {
  const seen = new Set()
  const lines = []
  for (const c of covering) {
    const line = `${c.signal.id} (${c.signal.dimension}, ${signed(c.signal.contribution)}): ${c.signal.description}${c.note ? ` — ${c.note}` : ''}`
    if (!seen.has(line)) lines.push(line)
    seen.add(line)
  }
  return lines
}

function highlightedText(id, text, result, detail, descriptions) {
  const box = el('div', { class: 'highlighted', id: `${id}-text` })
  let markCount = 0
  for (const seg of segments(text, result)) {
    // White space between two sentences of one long piece of evidence stays plain: nothing to point at.
    if (seg.covering.length === 0 || !/\S/u.test(seg.text)) box.append(seg.text)
    else {
      const lines = describe(seg.covering)
      const descId = `${id}-m${++markCount}`
      descriptions.append(el('span', { id: descId }, lines.join(' · ')))
      const mark = el('mark', { class: markClass(seg.covering), tabindex: 0, title: lines.join('\n'), 'aria-describedby': descId }, seg.text)
      const show = () => {
        detail.replaceChildren(el('strong', {}, `“${seg.text}”`), ...lines.map((l) => el('span', { class: 'detail-line' }, l)))
      }
      mark.addEventListener('mouseenter', show)
      mark.addEventListener('focus', show)
      box.append(mark)
    }
    if (seg.sentenceEnd) {
      const s = seg.sentenceEnd.score
      box.append(
        el(
          'span',
          {
            class: `sentence-score${s >= 0.5 ? ' high' : ''}`,
            title: `this sentence's own score: ${s.toFixed(2)}, from its share of the evidence (${signed(seg.sentenceEnd.contribution)} to the logit); the text's score adds up every sentence's share`,
          },
          el('span', { class: 'sr-only' }, ' sentence score '),
          s.toFixed(2),
        ),
      )
    }
  }
  return box
}

function dimensionBar(id, name, value) {
  const fill = el('span', { class: `fill fill-${name}` })
  fill.style.width = `${Math.round(value * 100)}%`
  return el(
    'div',
    { class: 'dim' },
    el('span', { class: 'dim-name', id: `${id}-${name}` }, name, el('span', { class: 'dim-help' }, DIMENSIONS[name])),
    el('div', { class: 'bar', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 1, 'aria-valuenow': value, 'aria-labelledby': `${id}-${name}` }, fill),
    el('span', { class: 'dim-value' }, value.toFixed(2)),
  )
}

function signalTable(result) {
  const ranked = [...result.signals].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.id.localeCompare(b.id))
  const active = ranked.filter((s) => s.contribution !== 0)
  const silent = ranked.filter((s) => s.contribution === 0)
  const rows = active.map((s) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, el('code', {}, s.id), el('span', { class: 'signal-desc' }, s.description)),
      // data-label: a narrow card shows each signal as a block and labels its cells (style.css).
      el('td', {}, el('span', { class: `swatch swatch-${s.dimension}`, 'aria-hidden': 'true' }), s.dimension),
      el('td', { class: 'num', 'data-label': 'value' }, String(s.value)),
      el('td', { class: `num ${s.contribution > 0 ? 'raises' : 'lowers'}`, 'data-label': 'contribution' }, signed(s.contribution), el('span', { class: 'direction' }, s.contribution > 0 ? ' raises' : ' lowers')),
      el('td', { class: 'num', 'data-label': 'evidence' }, String(s.evidenceCount)),
    ),
  )
  const table = el(
    'table',
    { class: 'signals' },
    el('caption', {}, 'Signals, most influential first (contribution: share of the logit)'),
    el(
      'thead',
      {},
      el('tr', {}, ...['Signal', 'Dimension', 'Value', 'Contribution', 'Evidence'].map((h) => el('th', { scope: 'col' }, h))),
    ),
    el('tbody', {}, ...rows),
  )
  const rest = el(
    'details',
    { class: 'silent' },
    el('summary', {}, `${silent.length} signal${silent.length === 1 ? '' : 's'} with no contribution`),
    el('p', {}, silent.map((s) => s.id).join(', ') || 'none'),
  )
  return [table, rest]
}

function card(heading, input, result) {
  const id = `c${++cardCount}`
  const detail = el('p', { class: 'detail', 'aria-live': 'polite' }, 'Hover over or tab to a highlight to see which signal found it.')
  const descriptions = el('div', { hidden: true })
  const text = highlightedText(id, input.text, result, detail, descriptions)
  return el(
    'article',
    { class: `card card-${result.label}`, 'aria-labelledby': `${id}-h`, 'data-label': result.label },
    el('h2', { id: `${id}-h` }, heading),
    el('p', { class: 'meta' }, `${input.kind}${input.parent && input.parent.trim() ? ', read with its parent post' : ''} · ${result.stats.words} words · language ${result.language}`),
    el(
      'div',
      { class: 'headline' },
      el('p', { class: 'score' }, el('span', { class: 'score-value' }, result.score.toFixed(3)), el('span', { class: 'score-caption' }, 'score')),
      el('p', { class: `label label-${result.label}` }, result.label),
    ),
    el('div', { class: 'dims' }, dimensionBar(id, 'aiStyle', result.dimensions.aiStyle), dimensionBar(id, 'generic', result.dimensions.generic)),
    result.warnings.length > 0 ? el('ul', { class: 'warnings' }, ...result.warnings.map((w) => el('li', {}, w))) : null,
    el('h3', {}, 'The text, with the evidence'),
    text,
    detail,
    descriptions,
    ...signalTable(result),
  )
}

async function scoreForm(event) {
  event.preventDefault()
  const input = { text: textBox.value, kind: kindBox.value, parent: parentBox.value }
  if (!input.text.trim()) {
    textBox.setAttribute('aria-invalid', 'true')
    textBox.focus()
    setStatus('Type or paste a text to score first.', true)
    return
  }
  textBox.removeAttribute('aria-invalid')
  setStatus('Scoring…')
  try {
    const result = await score(input)
    results.replaceChildren(card('Your text', input, result))
    setStatus(`Scored: ${result.label}, score ${result.score.toFixed(3)}.`)
  } catch (error) {
    setStatus(error.message, true)
  }
}

async function loadExample() {
  setStatus('Loading the seed thread…')
  try {
    const response = await fetch('playground/seed-thread.json')
    const seed = await response.json()
    const parent = seed.post.text
    // The thread's first comment is stock praise; its last one answers the post.
    const examples = [
      { heading: 'Example: comment 1 of the seed thread', input: { text: seed.comments[0].text, kind: 'comment', parent } },
      { heading: `Example: comment ${seed.comments.length} of the seed thread`, input: { text: seed.comments[seed.comments.length - 1].text, kind: 'comment', parent } },
    ]
    textBox.value = examples[0].input.text
    parentBox.value = parent
    kindBox.value = 'comment'
    const scored = await Promise.all(examples.map((e) => score(e.input)))
    results.replaceChildren(el('div', { class: 'pair' }, ...examples.map((e, i) => card(e.heading, e.input, scored[i]))))
    setStatus(`Scored two comments from the same thread: ${scored.map((r) => r.label).join(' and ')}.`)
  } catch (error) {
    setStatus(error.message, true)
  }
}

keyBox.value = sessionStorage.getItem(KEY_STORAGE) || ''
keyBox.addEventListener('change', () => sessionStorage.setItem(KEY_STORAGE, keyBox.value.trim()))
form.addEventListener('submit', scoreForm)
$('example').addEventListener('click', loadExample)
for (const box of [textBox, parentBox]) {
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit()
  })
}
