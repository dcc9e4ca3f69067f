/**
 * npm run fit [-- --check]: fit src/model/weights.json on the dev data and regenerate
 * docs/SIGNALS.md from it; with --check, write nothing and fail when either file is not what the
 * fit writes. With --feedback FILE, moderator feedback folds in as extra rows (src/feedback/fit-rows.ts):
 * a refit to deploy, never to commit. Both steps get the arguments (`&&` in package.json would hand them to the last only).
 */
import { spawnSync } from 'node:child_process'

const args = process.argv.slice(2)
for (const script of ['src/model/fit.ts', 'scripts/signals-doc.ts']) {
  const run = spawnSync(process.execPath, ['--import=tsx', script, ...args], { stdio: 'inherit' })
  if (run.status !== 0) process.exit(run.status ?? 1)
}
