// The row identities a file has shown so far (53-bit hashes from idHash), in one Float64Array
// with open addressing. A Set<number> of a million such hashes held each as a heap number plus
// its entry, ~45 MB of the worker's heap that the collector walks again and again; this holds
// them in 16 MB outside the heap, at most half full. In 16 parts that grow on their own: one
// table's doubling at a million rows re-placed them all in one call, a stall of the dry run's
// event loop.

/** Slot value of an empty slot; a hash of 0 is kept aside in `zero` instead. */
const EMPTY = 0;

/** Parts, chosen by the mixed hash's top bits (a slot by its low ones). */
const PARTS = 16;

export class IdSet {
  private readonly parts = Array.from({ length: PARTS }, () => new IdTable());

  get size(): number {
    let n = 0;
    for (const t of this.parts) n += t.size;
    return n;
  }

  has(h: number): boolean {
    return this.parts[mix(h) >>> 28]!.has(h);
  }

  /** Adds `h`; true when it was not there yet. */
  add(h: number): boolean {
    return this.parts[mix(h) >>> 28]!.add(h);
  }
}

class IdTable {
  private slots = new Float64Array(1 << 8);
  private mask = this.slots.length - 1;
  private count = 0;
  private zero = false;

  get size(): number {
    return this.count + (this.zero ? 1 : 0);
  }

  has(h: number): boolean {
    if (h === EMPTY) return this.zero;
    for (let i = slotOf(h, this.mask); ; i = (i + 1) & this.mask) {
      const s = this.slots[i]!;
      if (s === h) return true;
      if (s === EMPTY) return false;
    }
  }

  /** Adds `h`; true when it was not there yet. */
  add(h: number): boolean {
    if (h === EMPTY) {
      const fresh = !this.zero;
      this.zero = true;
      return fresh;
    }
    for (let i = slotOf(h, this.mask); ; i = (i + 1) & this.mask) {
      const s = this.slots[i]!;
      if (s === h) return false;
      if (s === EMPTY) {
        this.slots[i] = h;
        if (++this.count * 2 > this.slots.length) this.grow();
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.mask = this.slots.length - 1;
    for (const h of old)
      if (h !== EMPTY)
        for (let i = slotOf(h, this.mask); ; i = (i + 1) & this.mask)
          if (this.slots[i] === EMPTY) {
            this.slots[i] = h;
            break;
          }
  }
}

/**
 * The hash's low 32 bits (ToInt32 is exact modulo 2^32 for any integer below 2^53), mixed so
 * that hashes differing only in high bits spread too.
 */
function mix(h: number): number {
  const lo = h | 0;
  const hi = (h / 0x100000000) | 0;
  return Math.imul(lo ^ hi, 0x9e3779b1) >>> 0;
}

function slotOf(h: number, mask: number): number {
  return mix(h) & mask;
}
