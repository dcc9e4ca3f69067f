/**
 * Words conventionally written in lower case at the start of a sentence, so a sentence opening with
 * them is not a sign of casual typing. Mixed-case brands (iPhone, eBay, mRNA) are recognised by their
 * inner capital and need no entry here.
 * Origin: compiled by this project (abbreviations from common style guides, name particles, code and
 * unit words). Licence: same as this project.
 */
export const CONVENTIONALLY_LOWERCASE: ReadonlySet<string> = new Set([
  'e', 'i.e', 'e.g', 'eg', 'ie', 'etc', 'vs', 'cf', 'et', 'ca', 'approx', 'viz', 'www', 'http', 'https',
  'van', 'von', 'de', 'der', 'den', 'da', 'di', 'du', 'la', 'le', 'al', 'bin', 'ibn', 'dos', 'das', 'del',
  'npm', 'pip', 'git', 'sudo', 'cd', 'ls', 'def', 'var', 'let', 'const', 'int', 'return', 'import',
  'km', 'kg', 'mg', 'ml', 'cm', 'mm',
])
