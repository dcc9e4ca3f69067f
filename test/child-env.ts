/**
 * Environment for child processes the tests start as black boxes (the server, the CLI): without
 * the coverage collection tap arranges for its own test processes. A child that loads the sources
 * through another loader (tsx) would report coverage at other offsets, which merged with the test
 * processes' garbles the coverage report.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  delete env.NODE_V8_COVERAGE
  delete env.NODE_OPTIONS
  for (const key of Object.keys(env)) if (key.startsWith('_TAPJS_') || key.startsWith('TAP')) delete env[key]
  return env
}

/** Node arguments for a child that runs TypeScript sources. */
export const TSX_ARGS = ['--import', 'tsx']
