/**
 * Line markers of listicle-shaped posts.
 * Origin: compiled by this project from the markup of assistant chat output (Markdown bullets,
 * bold run-in headers) and of the LinkedIn "engagement" post genre (emoji and arrow bullets);
 * Unicode code points only, no third-party text. Licence: same as this project.
 */

/** Symbols that mark a list item on their own, like an emoji bullet ("→ Ship it", "✓ Done"). */
export const SYMBOL_BULLETS: ReadonlySet<string> = new Set([
  '→', '➔', '➜', '➝', '➞', '➤', '➢', '►', '▸', '⇒', '✓', '✗', '✘', '★', '☆', '->', '=>',
])

/**
 * Plain bullets: common in all writing, so a line counts only when a short run-in header follows
 * ("- Focus: ...", "• Clarity – ..."). Extended_Pictographic characters in this set are read as
 * plain bullets, not emoji.
 */
export const PLAIN_BULLETS: ReadonlySet<string> = new Set([
  '-', '*', '+', '•', '·', '◦', '‣', '⁃', '●', '○', '■', '□', '▪', '▫', '◾', '◽', '◆', '◇', '♦', '–', '—',
])

/** Pictographic characters that are not used as bullets. */
export const NOT_EMOJI_BULLETS: ReadonlySet<string> = new Set(['©', '®'])

/**
 * First words of run-in labels that people use in every kind of writing (forum edits, notes, sources,
 * dialogue): a line "Edit: typo" is not a listicle item.
 */
export const ORDINARY_LABELS: ReadonlySet<string> = new Set([
  'edit', 'edited', 'update', 'updated', 'note', 'nb', 'ps', 'pps', 'source', 'sources', 'eta', 'tl', 'tldr',
  'q', 'a', 'question', 'answer', 'me', 'him', 'her', 'them', 'us', 'you', 'i', 'he', 'she', 'we', 'they',
  'reply', 'quote', 'link', 'links', 'ref', 'refs', 'reference', 'references', 'see', 'cc', 're', 'fwd',
  'from', 'to', 'subject', 'date', 'sent', 'http', 'https', 'www',
])

/**
 * Last words of a sentence that leads into what follows ("The point here is:", "For example:"),
 * as opposed to a header naming an item ("Light therapy:").
 */
export const LEAD_IN_ENDINGS: ReadonlySet<string> = new Set([
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'the', 'a', 'an', 'this', 'these', 'that', 'those',
  'following', 'as', 'like', 'include', 'includes', 'including', 'of', 'for', 'to', 'with', 'and', 'or', 'but',
  'here', 'there', 'says', 'said', 'say', 'wrote', 'writes', 'example', 'instance', 'me', 'you', 'it', 'them',
  'him', 'her', 'us', 'why', 'how', 'what', 'so', 'because', 'namely', 'eg', 'ie', 'e.g', 'i.e', 'below',
  'follows', 'goes', 'went', 'asked', 'asks', 'thing', 'point', 'things', 'question', 'answer', 'by', 'from',
])
