/**
 * How many realtime sessions each model serves at once in this process. A session takes a slot before
 * anything is charged and gives it back when it ends, whatever way it ends.
 */
export class StreamSlots {
  private readonly taken = new Map<string, number>();

  constructor(private readonly limit: (modelId: string) => number) {}

  /** A release function, or null when every slot of the model is taken. */
  tryTake(modelId: string): (() => void) | null {
    const now = this.taken.get(modelId) ?? 0;
    if (now >= this.limit(modelId)) return null;
    this.taken.set(modelId, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.taken.get(modelId) ?? 1) - 1;
      if (left <= 0) this.taken.delete(modelId);
      else this.taken.set(modelId, left);
    };
  }

  inUse(modelId: string): number {
    return this.taken.get(modelId) ?? 0;
  }
}
