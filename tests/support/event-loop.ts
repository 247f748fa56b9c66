/**
 * What `work` resolves to, and how many turns the event loop took while it
 * ran: at each turn other requests (an autosave) could run. Work done in one
 * piece gives 0 or 1.
 *
 * @example const { value, turns } = await withTurns(() => encodeInSlices(text));
 */
export async function withTurns<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let counting = true;
  const count = () => {
    if (!counting) return;
    turns++;
    setImmediate(count);
  };
  setImmediate(count);
  try {
    const value = await work();
    return { value, turns };
  } finally {
    counting = false;
  }
}
