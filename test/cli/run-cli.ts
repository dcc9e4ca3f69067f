// Test harness: runs the CLI's main() as bin/authenticity does, from the TypeScript sources.
import { main } from '../../src/cli/main.js'

const code = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr })
if (code >= 0) process.exitCode = code
