// `npm start` runs this first: it builds only when a file under src/ (or the build's own
// configuration) is newer than the last build, so a second start serves at once.
import { execSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const stamp = join(root, 'dist/.tsbuildinfo')

function newest(path) {
  const s = statSync(path)
  if (!s.isDirectory()) return s.mtimeMs
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), 0)
}

const sources = Math.max(newest(join(root, 'src')), ...['tsconfig.json', 'package.json', 'scripts/copy-assets.mjs'].map((f) => newest(join(root, f))))
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
  execSync('npm run build', { cwd: root, stdio: 'inherit' })
  // tsc leaves its build info alone when nothing needed emitting: mark the build as current as of
  // the sources it read, so a file saved while it ran still counts as newer
  // (a millisecond past them: file systems keep nanoseconds, utimes sets less, and a stamp a
  // fraction of a millisecond older than the newest source meant a build at every start)
  const built = new Date(Math.ceil(sources) + 1)
  utimesSync(stamp, built, built)
}
