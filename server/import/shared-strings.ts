// An XLSX file's shared-strings table, held in one growing buffer instead of a JS array of
// strings. Excel stores every distinct text of a sheet once in that table and cells point into
// it, so a 12345 export's ids, times, addresses and complaint texts are all in it, and a reader
// must hold the whole table while it reads the sheet. As heap strings a million-row export's table
// was ~50 MB more of the parse worker's heap (each string's header and array slot, and the
// collector walking them all again at every full collection); here each text costs its characters
// (one byte each when they all fit Latin-1, else two) and four bytes of offset, outside the heap.

/** A rich-text entry (runs with fonts) is rare enough to keep as exceljs made it. */
type Entry = string | { richText: unknown[] };

const LATIN1_MAX = 0xff;

export class SharedStrings {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** Byte offset where entry i ends (it starts where i - 1 ends); bit 31 set: two-byte text. */
  private ends = new Uint32Array(1 << 10);
  private count = 0;
  private rich = new Map<number, Entry>();

  get length(): number {
    return this.count;
  }

  push(e: Entry): number {
    const i = this.count++;
    if (i === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    if (typeof e !== 'string') {
      this.rich.set(i, e);
      this.ends[i] = this.used;
      return this.count;
    }
    const wide = !fitsLatin1(e);
    const size = wide ? e.length * 2 : e.length;
    this.room(size);
    this.used += this.bytes.write(e, this.used, size, wide ? 'utf16le' : 'latin1');
    // Offsets stay below 2^31: a table of 2 GB of text is far past the worker's heap cap anyway.
    this.ends[i] = this.used | (wide ? 0x80000000 : 0);
    return this.count;
  }

  get(i: number): Entry | undefined {
    if (!(i >= 0 && i < this.count)) return undefined;
    const rich = this.rich.get(i);
    if (rich !== undefined) return rich;
    const end = this.ends[i]! & 0x7fffffff;
    const start = i === 0 ? 0 : this.ends[i - 1]! & 0x7fffffff;
    return this.bytes.toString(this.ends[i]! & 0x80000000 ? 'utf16le' : 'latin1', start, end);
  }

  private room(size: number): void {
    if (this.used + size <= this.bytes.length) return;
    let n = this.bytes.length * 2;
    while (n < this.used + size) n *= 2;
    const grown = Buffer.allocUnsafe(n);
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }
}

function fitsLatin1(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > LATIN1_MAX) return false;
  return true;
}

/**
 * The table as exceljs's streaming reader uses its own array: it pushes each entry while it
 * reads the table, and its worksheet reader looks cells up by index (`table[n]`).
 */
export function sharedStringsArray(table: SharedStrings): unknown[] {
  return new Proxy([] as unknown[], {
    get(_target, key) {
      if (key === 'push') return (e: Entry) => table.push(e);
      if (key === 'length') return table.length;
      if (typeof key === 'string') {
        const i = Number(key);
        if (Number.isInteger(i)) return table.get(i);
      }
      return undefined;
    },
  });
}
