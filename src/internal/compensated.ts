/**
 * A running sum with Kahan–Babuška–Neumaier compensation: the same arithmetic, step for step, as
 * simple-statistics' `sum`, so it gives the same result to the last bit (a test checks), but adds values as they
 * come instead of needing them in an array. Used where a summary would otherwise build arrays only to add them
 * up (`summarise` runs about fourteen times for every family).
 */
export class CompensatedSum {
  private total = 0;
  private correction = 0;

  /** Adds one value. */
  add(x: number): void {
    const t = this.total + x;
    // The larger of the two operands loses the low bits; recover them from the other.
    if (Math.abs(this.total) >= Math.abs(x)) this.correction += this.total - t + x;
    else this.correction += x - t + this.total;
    this.total = t;
  }

  /** The sum so far. */
  get value(): number {
    return this.total + this.correction;
  }
}
