/**
 * Types for the natural submodules this project imports directly (importing `natural` whole
 * would load its classifiers, WordNet and tokenisers for nothing).
 */
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  /** Porter (1980) stemmer; lower-cases its input. */
  const PorterStemmer: { stem(word: string): string }
  export default PorterStemmer
}

declare module 'natural/lib/natural/util/stopwords.js' {
  /** natural's English stop-word list (170 entries, lower case). */
  export const words: string[]
  const stopwords: { words: string[] }
  export default stopwords
}

declare module 'natural/lib/natural/distance/levenshtein_distance.js' {
  /** Edit distance counting a swap of two neighbouring letters as one edit ("parnet" → "parent": 1). */
  export function DamerauLevenshteinDistance(source: string, target: string): number
}
