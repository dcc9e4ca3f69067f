/**
 * A Perspective-compatible endpoint, `POST /v1alpha1/comments:analyze`, so moderation tools built
 * on Google's Perspective API (shut down at the end of 2026) can switch by changing a base URL.
 * The request and answer follow Perspective's published shape (see ../perspective-schemas.ts for
 * the sources); the attributes are this service's: AI_STYLE, GENERIC, TEMPLATED, UNSUBSTANTIAL.
 * Errors, whoever raises them, come in Google's shape (`{ error: { code, message, status } }`), the
 * one Perspective clients read; `comment.type: "HTML"` is scored as its text (htmlToText), with
 * span offsets in the HTML as sent.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { zodRoutes } from '../zod-routes.js'
import { sentenceLogits, sigmoid, type ScoreInput, type ScoreResult, type Scorer } from '../../engine/score.js'
import {
  ATTRIBUTES,
  AnalyzeCommentRequestSchema,
  AnalyzeCommentResponseSchema,
  GOOGLE_STATUS,
  PerspectiveErrorSchema,
  type AnalyzeCommentRequest,
  type AnalyzeCommentResponse,
  type AttributeName,
  type PerspectiveError,
} from '../perspective-schemas.js'
import { scoringContext } from '../scoring-context.js'

/**
 * find-my-way reads ':' as the start of a path parameter anywhere in a segment, so the literal
 * colon of Perspective's `comments:analyze` is written '::' (its escape); unescaped, the route
 * would match /v1alpha1/comments<anything>.
 */
export const ANALYZE_PATH = '/v1alpha1/comments::analyze'

/**
 * ISO 639-3 (what the engine detects, franc's codes) → ISO 639-1, which Perspective clients send
 * and read ("en", "es", ...). Codes without a two-letter form stay as they are (valid BCP 47).
 */
const ISO_639_1: Record<string, string> = {
  amh: 'am', arb: 'ar', azj: 'az', bel: 'be', ben: 'bn', bos: 'bs', bul: 'bg', ces: 'cs', cmn: 'zh',
  deu: 'de', ell: 'el', eng: 'en', fra: 'fr', guj: 'gu', hau: 'ha', hin: 'hi', hrv: 'hr', hun: 'hu',
  ibo: 'ig', ind: 'id', ita: 'it', jav: 'jv', jpn: 'ja', kan: 'kn', kaz: 'kk', kin: 'rw', kor: 'ko',
  lin: 'ln', mal: 'ml', mar: 'mr', mya: 'my', nld: 'nl', npi: 'ne', nya: 'ny', pan: 'pa', pbu: 'ps',
  pes: 'fa', plt: 'mg', pol: 'pl', por: 'pt', ron: 'ro', run: 'rn', rus: 'ru', sin: 'si', som: 'so',
  spa: 'es', srp: 'sr', sun: 'su', swe: 'sv', swh: 'sw', tam: 'ta', tel: 'te', tgl: 'tl', tha: 'th',
  tur: 'tr', ukr: 'uk', urd: 'ur', uzn: 'uz', vie: 'vi', yor: 'yo', zlm: 'ms', zul: 'zu',
}

export const toIso6391 = (code: string) => ISO_639_1[code] ?? code

/** What a Perspective request asks of the scorer: the comment's text (HTML read as its text), its parent, and whether it may be remembered. */
export function scoreInputOf(body: AnalyzeCommentRequest, comment: CommentText = commentText(body.comment)): { input: ScoreInput; remember: boolean } {
  const context = body.context
  const entry = context?.entries?.[0] ?? context?.articleAndParentComment?.parentComment ?? context?.articleAndParentComment?.article
  // Perspective scores comments; the context, when given, is what the comment answers.
  const parent = entry?.text === undefined || entry.type !== 'HTML' ? entry?.text : htmlToText(entry.text).text
  return { input: { text: comment.text, kind: 'comment', parent }, remember: body.doNotStore !== true }
}

/**
 * Maps code-point offsets (the engine's) to UTF-16 code-unit offsets. Perspective's spans are
 * UTF-16: Google's discovery document for commentanalyzer v1alpha1 says of SpanScore.begin/end
 * "The values are the UTF-16 codepoint range. "end" is exclusive" (googleapis.dev,
 * Google.Apis.CommentAnalyzer.v1alpha1.Data.SpanScore; the same text in every generated client).
 * methods.md only says "Beginning of the text span in the request comment". UTF-16 is also what a
 * JavaScript client's text.slice(begin, end) expects.
 */
export function utf16Offsets(text: string): (codePoint: number) => number {
  const at = [0]
  let units = 0
  for (const ch of text) {
    units += ch.length
    at.push(units)
  }
  return (codePoint) => at[codePoint]
}

/**
 * The text the engine scores and where its code points came from in what the caller sent, so span
 * offsets are UTF-16 offsets of the original: `begin(i)` is where code point i starts, `end(i)` where
 * the code point before i ends (end offsets are exclusive). For plain text both are utf16Offsets.
 */
export interface CommentText {
  text: string
  begin(codePoint: number): number
  end(codePoint: number): number
}

/** A plain-text comment: the text as sent; the offset table is built only when spans are asked for. */
export function plainText(text: string): CommentText {
  let at: ((codePoint: number) => number) | undefined
  const offset = (codePoint: number) => (at ??= utf16Offsets(text))(codePoint)
  return { text, begin: offset, end: offset }
}

/** The comment as the engine reads it: HTML as its text, anything else as sent. */
export const commentText = (entry: { text: string; type?: string }): CommentText => (entry.type === 'HTML' ? htmlToText(entry.text) : plainText(entry.text))

/** Elements whose start or end tag separates text, so `<p>one</p><p>two</p>` is not "onetwo" (HTML's block-level and line-breaking elements). */
const BREAKING_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'td', 'th', 'tr', 'ul',
])
/** Elements whose content is not text (the HTML tokenizer's raw-text elements); it runs to their end tag. */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style'])
/** The named character references decoded; any other `&name;` stays as written. */
const NAMED_REFERENCES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00a0'],
])
/** Longest name or digit run looked at after `&`, so a stray `&` costs constant work. */
const MAX_REFERENCE_CHARS = 8

const isAsciiLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
const isDigit = (c: number) => c >= 0x30 && c <= 0x39
const isHexDigit = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
const isHtmlSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d

/**
 * The text of an HTML comment, with the UTF-16 offset in the HTML each of its code points came from.
 * A hand-written scanner in one pass (no regular expression meets the input), after the HTML
 * tokenizer's main states (WHATWG HTML, "Tokenization"): tags, comments, doctypes and processing
 * instructions are dropped; a block-level or `br` tag becomes a line break; `script` and `style`
 * content is dropped up to its end tag; `&amp; &lt; &gt; &quot; &apos; &nbsp;` and numeric
 * references (`&#39;`, `&#x1F600;`) are decoded, when closed by `;`; a `<` that starts no tag
 * (`a < b`) is text. A tag or comment left open at the end drops the rest, as a browser does.
 * Each character of the HTML is looked at a bounded number of times: linear in the input.
 */
export function htmlToText(html: string): CommentText {
  const n = html.length
  const chars: string[] = []
  const starts: number[] = []
  const ends: number[] = []
  const emit = (ch: string, from: number, to: number) => {
    chars.push(ch)
    starts.push(from)
    ends.push(to)
  }

  /** Past the `>` that closes the tag whose attributes start at `from`, honouring quoted values; n when it never closes. */
  const tagEnd = (from: number): number => {
    let j = from
    while (j < n) {
      const c = html.charCodeAt(j)
      if (c === 0x3e) return j + 1
      if (c === 0x3d) {
        j++
        while (j < n && isHtmlSpace(html.charCodeAt(j))) j++
        const quote = html.charCodeAt(j)
        if (quote === 0x22 || quote === 0x27) {
          const close = html.indexOf(html[j], j + 1)
          if (close < 0) return n
          j = close + 1
        }
        continue
      }
      j++
    }
    return n
  }
  /** The lower-cased tag name starting at `from` (a letter), and where it ends. */
  const tagName = (from: number): { name: string; end: number } => {
    let j = from
    while (j < n) {
      const c = html.charCodeAt(j)
      if (isHtmlSpace(c) || c === 0x2f || c === 0x3e) break
      j++
    }
    return { name: html.slice(from, j).toLowerCase(), end: j }
  }
  /** Where the end tag of raw-text element `name` starts after `from` (its `<`), else n. */
  const rawTextEnd = (name: string, from: number): number => {
    let j = from
    for (;;) {
      const k = html.indexOf('</', j)
      if (k < 0) return n
      const after = html.charCodeAt(k + 2 + name.length)
      if (html.slice(k + 2, k + 2 + name.length).toLowerCase() === name && (isHtmlSpace(after) || after === 0x2f || after === 0x3e || Number.isNaN(after))) return k
      j = k + 2
    }
  }
  /** Past the markup starting at the `<` at i, emitting a line break for a breaking element; i itself when the `<` is text. */
  const markup = (i: number): number => {
    const next = html.charCodeAt(i + 1)
    if (next === 0x21 /* ! */) {
      if (html.startsWith('!--', i + 1)) {
        if (html.startsWith('>', i + 4)) return i + 5 // <!--> is an empty comment
        if (html.startsWith('->', i + 4)) return i + 6 // so is <!--->
        const close = html.indexOf('-->', i + 4)
        return close < 0 ? n : close + 3
      }
      const close = html.indexOf('>', i + 2)
      return close < 0 ? n : close + 1 // <!DOCTYPE ...> and other declarations
    }
    if (next === 0x3f /* ? */) {
      const close = html.indexOf('>', i + 2)
      return close < 0 ? n : close + 1
    }
    const closing = next === 0x2f /* / */
    const first = closing ? i + 2 : i + 1
    if (!isAsciiLetter(html.charCodeAt(first))) {
      if (!closing || first >= n) return i // "a < b", "1 <3", a final "</": text
      const close = html.indexOf('>', first)
      return close < 0 ? n : close + 1 // </>, </ 3>: dropped, as a browser does
    }
    const { name, end: nameEnd } = tagName(first)
    const end = tagEnd(nameEnd)
    if (BREAKING_ELEMENTS.has(name)) emit('\n', i, end)
    return !closing && RAW_TEXT_ELEMENTS.has(name) ? rawTextEnd(name, end) : end
  }
  /** Past the character reference at the `&` at i, emitting what it stands for; i itself when it is not one. */
  const reference = (i: number): number => {
    let j = i + 1
    if (html.charCodeAt(j) === 0x23 /* # */) {
      j++
      const hex = html.charCodeAt(j) === 0x78 || html.charCodeAt(j) === 0x58 // x X
      if (hex) j++
      const digitsFrom = j
      while (j < n && j - digitsFrom < MAX_REFERENCE_CHARS && (hex ? isHexDigit(html.charCodeAt(j)) : isDigit(html.charCodeAt(j)))) j++
      if (j === digitsFrom || html.charCodeAt(j) !== 0x3b /* ; */) return i
      const value = Number.parseInt(html.slice(digitsFrom, j), hex ? 16 : 10)
      // As the HTML tokenizer does: NUL, surrogates and values past Unicode are U+FFFD.
      const valid = value !== 0 && value <= 0x10ffff && !(value >= 0xd800 && value <= 0xdfff)
      emit(valid ? String.fromCodePoint(value) : '\ufffd', i, j + 1)
      return j + 1
    }
    while (j < n && j - i <= MAX_REFERENCE_CHARS && isAsciiLetter(html.charCodeAt(j))) j++
    const decoded = html.charCodeAt(j) === 0x3b ? NAMED_REFERENCES.get(html.slice(i + 1, j)) : undefined
    if (decoded === undefined) return i
    emit(decoded, i, j + 1)
    return j + 1
  }

  let i = 0
  while (i < n) {
    const c = html.charCodeAt(i)
    if (c === 0x3c /* < */ || c === 0x26 /* & */) {
      const next = c === 0x3c ? markup(i) : reference(i)
      if (next > i) {
        i = next
        continue
      }
    }
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n && (html.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1
    emit(html.slice(i, i + width), i, i + width)
    i += width
  }
  const count = chars.length
  return {
    text: chars.join(''),
    begin: (codePoint) => (codePoint < count ? starts[codePoint] : n),
    end: (codePoint) => (codePoint > 0 ? ends[codePoint - 1] : 0),
  }
}

const round = (x: number) => Math.round(x * 10_000) / 10_000

/** Span scores per attribute, the first in text order: a text of thousands of one-word sentences answers a bounded list. */
export const MAX_SPAN_SCORES = 100

/** The summary score and the per-sentence scores of one attribute's source, in [0, 1]. */
function scoresFor(source: (typeof ATTRIBUTES)[AttributeName], result: ScoreResult, scorer: Scorer): { summary: number; sentences: number[] } {
  if (source === 'score') return { summary: result.score, sentences: result.sentences.map((s) => s.score) }
  const spans = result.sentences.map((s) => ({ start: s.start, end: s.end, text: '' }))
  const own = result.signals.filter((s) => s.dimension === source)
  const logits = sentenceLogits(spans, own, scorer.model.dimensionIntercepts[source])
  return { summary: result.dimensions[source], sentences: logits.map((z) => round(sigmoid(z))) }
}

/** The Perspective-shaped answer for a request and the scorer's result; span offsets count in the comment as sent. */
export function toAnalyzeCommentResponse(body: AnalyzeCommentRequest, result: ScoreResult, scorer: Scorer, comment: CommentText = commentText(body.comment)): AnalyzeCommentResponse {
  const attributeScores: AnalyzeCommentResponse['attributeScores'] = {}
  for (const [name, parameters] of Object.entries(body.requestedAttributes) as Array<[AttributeName, { scoreThreshold?: number }]>) {
    const threshold = parameters.scoreThreshold ?? 0
    const { summary, sentences } = scoresFor(ATTRIBUTES[name], result, scorer)
    const entry: NonNullable<AnalyzeCommentResponse['attributeScores'][AttributeName]> = {}
    if (summary >= threshold) entry.summaryScore = { value: summary, type: 'PROBABILITY' }
    if (body.spanAnnotations) {
      const spanScores = result.sentences
        .map((s, i) => ({ begin: comment.begin(s.start), end: comment.end(s.end), score: { value: sentences[i], type: 'PROBABILITY' as const } }))
        .filter((s) => s.score.value >= threshold)
        .slice(0, MAX_SPAN_SCORES)
      if (spanScores.length > 0) entry.spanScores = spanScores
    }
    if (entry.summaryScore || entry.spanScores) attributeScores[name] = entry
  }
  const detected = result.language === 'und' ? [] : [toIso6391(result.language)]
  return {
    attributeScores,
    languages: body.languages && body.languages.length > 0 ? body.languages : detected.length > 0 ? detected : ['und'],
    detectedLanguages: detected,
    ...(body.clientToken !== undefined && { clientToken: body.clientToken }),
  }
}

/** An answer in the app's envelope (app.ts), which this route turns into Google's shape. */
interface Envelope {
  statusCode: number
  error: string
  message: string
}

const isEnvelope = (payload: unknown): payload is Envelope =>
  typeof payload === 'object' && payload !== null && typeof (payload as Envelope).statusCode === 'number' && typeof (payload as Envelope).message === 'string'

/** The app's envelope in Google's shape: the same HTTP status and message, with the google.rpc.Code name. */
export function toPerspectiveError(envelope: Envelope): PerspectiveError {
  const code = envelope.statusCode
  return { error: { code, message: envelope.message, status: GOOGLE_STATUS[code] ?? (code < 500 ? 'INVALID_ARGUMENT' : 'INTERNAL') } }
}

/** An error the route raises itself, answered by the app's error handler like any 4xx. */
class BadRequestError extends Error {
  readonly statusCode = 400
}

/**
 * Schema errors with paths as Perspective clients write the request (`comment.text`, not
 * `body.comment.text`); every other error goes on to the app's handler (throwing from a route's
 * error handler hands the error to its parent's), so deadlines, body limits, keys and rate limits
 * keep one set of messages.
 */
function perspectiveErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (!hasZodFastifySchemaValidationErrors(error)) throw error
  const message = error.validation
    .map((v) => {
      const path = v.instancePath.slice(1).replaceAll('/', '.')
      return path ? `${path}: ${v.message}` : v.message
    })
    .join('; ')
  return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message } satisfies Envelope)
}

export default async function perspective(app: FastifyInstance) {
  const r = zodRoutes(app)
  app.setErrorHandler(perspectiveErrors)
  // Every error of this route, whoever raised it (the key check, the rate limit, the body parser, a
  // schema, the deadline), reaches the client in Google's shape: the envelope is rewritten before
  // it is serialized, so the HTTP status, the headers (Retry-After, WWW-Authenticate) and the
  // message stay the app's. perspective-api-client shows `error.message` from it.
  app.addHook('preSerialization', (_request, reply, payload: unknown, done) => {
    done(null, reply.statusCode >= 400 && isEnvelope(payload) ? toPerspectiveError(payload) : payload)
  })

  r.post(
    ANALYZE_PATH,
    {
      // With API_KEYS set, Perspective clients' `?key=<key>` works here as well as the Bearer header
      // (plugins/auth.ts); the OpenAPI document gets both security schemes from that plugin.
      config: { access: 'key-or-query' },
      schema: {
        operationId: 'analyzeComment',
        tags: ['perspective'],
        summary: 'Perspective-compatible AnalyzeComment',
        description:
          "Perspective's AnalyzeComment request and answer, so a Perspective client switches by changing its base URL. Attributes: AI_STYLE (dimensions.aiStyle), GENERIC (dimensions.generic), TEMPLATED (score) and UNSUBSTANTIAL (an alias of GENERIC); any other is a 400 naming it. comment.type HTML is scored as its text, with span offsets in the HTML as sent. context.entries[0].text is the parent post; doNotStore: true means the text is not remembered; spans are per sentence (the first 100 per attribute), in UTF-16 code units as on Perspective. Unknown fields are ignored, as on Perspective. Errors come in Google's shape, { error: { code, message, status } }.",
        body: AnalyzeCommentRequestSchema,
        // Every status the route answers besides 200, in Google's shape (plugins/auth.ts adds 401, 429
        // and 503 only to routes that answer the app's envelope).
        response: {
          200: AnalyzeCommentResponseSchema,
          400: PerspectiveErrorSchema,
          401: PerspectiveErrorSchema,
          413: PerspectiveErrorSchema,
          415: PerspectiveErrorSchema,
          429: PerspectiveErrorSchema,
          503: PerspectiveErrorSchema,
        },
      },
    },
    async (request) => {
      const comment = commentText(request.body.comment)
      if (request.body.comment.type === 'HTML' && !/\S/u.test(comment.text)) {
        throw new BadRequestError('comment.text: Comment must be non-empty: the HTML holds no text once its tags are stripped (comment.type is HTML)')
      }
      // The same path as /v1/score: template memory looked up, then remembered unless doNotStore.
      const { input, remember } = scoreInputOf(request.body, comment)
      const { result } = await app.scoring.score({ ...input, remember }, scoringContext(request))
      return toAnalyzeCommentResponse(request.body, result, app.scoring.scorer, comment)
    },
  )
}
