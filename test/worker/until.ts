/** Polls `probe` until `done` holds of its value, and answers it; fails, saying what it saw last, after `ms`. */
export async function until<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await probe()
    if (done(v)) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
