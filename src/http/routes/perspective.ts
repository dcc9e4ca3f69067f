/**
 * A Perspective-compatible endpoint, `POST /v1alpha1/comments:analyze`, so moderation tools built
 * on Google's Perspective API (shut down at the end of 2026) can switch by changing a base URL.
 * The request and answer follow Perspective's published shape (see ../perspective-schemas.ts for
 * the sources); the attributes are this service's: AI_STYLE, GENERIC, TEMPLATED, UNSUBSTANTIAL.
 */
import type { FastifyInstance } from 'fastify'
import { zodRoutes } from '../zod-routes.js'
import { sentenceLogits, sigmoid, type ScoreInput, type ScoreResult, type Scorer } from '../../engine/score.js'
import {
  ATTRIBUTES,
  AnalyzeCommentRequestSchema,
  AnalyzeCommentResponseSchema,
  type AnalyzeCommentRequest,
  type AnalyzeCommentResponse,
  type AttributeName,
} from '../perspective-schemas.js'
import { ErrorSchema } from '../schemas.js'
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

/** What a Perspective request asks of the scorer. */
export function scoreInputOf(body: AnalyzeCommentRequest): { input: ScoreInput; remember: boolean } {
  const context = body.context
  const parent = context?.entries?.[0]?.text ?? context?.articleAndParentComment?.parentComment?.text ?? context?.articleAndParentComment?.article?.text
  // Perspective scores comments; the context, when given, is what the comment answers.
  return { input: { text: body.comment.text, kind: 'comment', parent }, remember: body.doNotStore !== true }
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

/** The Perspective-shaped answer for a request and the scorer's result. */
export function toAnalyzeCommentResponse(body: AnalyzeCommentRequest, result: ScoreResult, scorer: Scorer): AnalyzeCommentResponse {
  const attributeScores: AnalyzeCommentResponse['attributeScores'] = {}
  const toUtf16 = body.spanAnnotations ? utf16Offsets(body.comment.text) : undefined
  for (const [name, parameters] of Object.entries(body.requestedAttributes) as Array<[AttributeName, { scoreThreshold?: number }]>) {
    const threshold = parameters.scoreThreshold ?? 0
    const { summary, sentences } = scoresFor(ATTRIBUTES[name], result, scorer)
    const entry: NonNullable<AnalyzeCommentResponse['attributeScores'][AttributeName]> = {}
    if (summary >= threshold) entry.summaryScore = { value: summary, type: 'PROBABILITY' }
    if (toUtf16) {
      const spanScores = result.sentences
        .map((s, i) => ({ begin: toUtf16(s.start), end: toUtf16(s.end), score: { value: sentences[i], type: 'PROBABILITY' as const } }))
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

export default async function perspective(app: FastifyInstance) {
  const r = zodRoutes(app)

  r.post(
    ANALYZE_PATH,
    {
      // With API_KEYS set, Perspective clients' `?key=<key>` works here as well as the Bearer header
      // (plugins/auth.ts); the OpenAPI document gets both security schemes from that plugin.
      config: { access: 'key-or-query' },
      schema: {
        tags: ['perspective'],
        summary: 'Perspective-compatible AnalyzeComment',
        description:
          "Perspective's AnalyzeComment request and answer, so a Perspective client switches by changing its base URL. Attributes: AI_STYLE (dimensions.aiStyle), GENERIC (dimensions.generic), TEMPLATED (score) and UNSUBSTANTIAL (an alias of GENERIC); any other is a 400 naming it. context.entries[0].text is the parent post; doNotStore: true means the text is not remembered; spans are per sentence (the first 100 per attribute), in UTF-16 code units as on Perspective.",
        body: AnalyzeCommentRequestSchema,
        response: { 200: AnalyzeCommentResponseSchema, 400: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (request) => {
      // The same path as /v1/score: template memory looked up, then remembered unless doNotStore.
      const { input, remember } = scoreInputOf(request.body)
      const { result } = await app.scoring.score({ ...input, remember }, scoringContext(request))
      return toAnalyzeCommentResponse(request.body, result, app.scoring.scorer)
    },
  )
}
