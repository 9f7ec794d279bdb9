/**
 * Polls `check` until it holds: for conditions that take as long as they take (a JVM exiting, a
 * driver reconnecting), never a fixed sleep. The deadline is generous on purpose — on a loaded
 * machine things are slow, not wrong — and reaching it fails with what was awaited and, when
 * `state` is given, how things last looked.
 */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 120_000, everyMs = 100, state }: { timeoutMs?: number; everyMs?: number; state?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `Timed out after ${String(timeoutMs / 1000)} s waiting for ${what}${state ? ` (last seen: ${state()})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
