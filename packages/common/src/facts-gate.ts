/**
 * Keeps one request's store reads in one batch per loader while the shield waits for governance
 * facts. The shield decides a field at once when the person's facts are already held and waits
 * for them otherwise, so in a list where some people's facts are held and some are not, the
 * first ones' fields would be read from the store before the others' had been asked for: two
 * reads where one would do. A loader scheduled through the gate reads once no facts load of the
 * request is pending (checked when the batch is due, as DataLoader's own default schedules it:
 * after the promise jobs then queued).
 */
export class FactsGate {
  private pending = 0;
  private held: (() => void)[] = [];

  /** Counts a facts load until it settles; returns it unchanged. */
  track<T>(load: Promise<T>): Promise<T> {
    this.pending += 1;
    const settled = () => {
      this.pending -= 1;
      if (this.pending === 0) for (const release of this.held.splice(0)) release();
    };
    load.then(settled, settled);
    return load;
  }

  /** DataLoader's `batchScheduleFn`. */
  readonly schedule = (dispatch: () => void): void => {
    const due = (): void => {
      if (this.pending === 0) dispatch();
      else this.held.push(later);
    };
    const later = () => void Promise.resolve().then(() => process.nextTick(due));
    later();
  };
}
