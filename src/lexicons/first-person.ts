/**
 * First-person singular pronouns, the commonest marker of personal, experiential writing.
 * Origin: English grammar (closed word class), compiled by this project; measured on the dev data,
 * where plural "we/us/our" did not separate human from assistant text and is left out.
 * Licence: same as this project.
 */
export const FIRST_PERSON_SINGULAR: ReadonlySet<string> = new Set([
  'i', 'me', 'my', 'mine', 'myself', "i'm", "i've", "i'd", "i'll",
])

/** Words before "mine" that make it the noun ("a coal mine"). */
export const MINE_AS_NOUN_BEFORE: ReadonlySet<string> = new Set([
  'a', 'the', 'this', 'that', 'coal', 'gold', 'silver', 'copper', 'iron', 'salt', 'diamond', 'land', 'sea',
  'naval', 'open', 'old', 'abandoned', 'tin', 'uranium', 'lead', 'zinc', 'data', 'opencast', 'underground',
])
