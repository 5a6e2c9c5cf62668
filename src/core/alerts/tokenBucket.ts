/** A token bucket on the Clock port: `capacity` tokens, refilled continuously at `refillPerMs`. */
import type { Clock } from '../clock';

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerMs: number,
    private readonly clock: Clock,
  ) {
    this.tokens = capacity;
    this.last = clock.now();
  }

  tryTake(): boolean {
    const now = this.clock.now();
    // A clock that steps back (NTP) must not drain the bucket.
    this.tokens = Math.min(this.capacity, this.tokens + Math.max(0, now - this.last) * this.refillPerMs);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
