/**
 * How tests start child processes.
 *
 * A child that runs the TypeScript sources (the server) runs them the way tap runs the test files:
 * with the test process's own Node arguments (tap's TypeScript loader and its coverage hooks) and
 * environment, so what the child executes is counted in the coverage report at the same offsets as
 * the tests' own processes. (Loaded through another compiler, the same file has other offsets and
 * the merged report is wrong.)
 *
 * A child that runs the built dist/ as a user would (the bin smoke test) gets none of tap's
 * machinery: `plainEnv`.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra }
}

/** Node arguments for a child that runs TypeScript sources: the test process's loaders. */
export const CHILD_NODE_ARGS: readonly string[] = process.execArgv

/** The environment of a black-box child, without tap's coverage collection and loaders. */
export function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  delete env.NODE_V8_COVERAGE
  delete env.NODE_OPTIONS
  for (const key of Object.keys(env)) if (key.startsWith('_TAPJS_') || key.startsWith('TAP')) delete env[key]
  return env
}
