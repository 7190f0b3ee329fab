// Strict UTF-8 decoding for dataset files. Node's 'utf8' decoding silently turns bad bytes into
// U+FFFD, so a GBK-saved file would load with garbled names; here bad bytes become problems that
// name the line and the bytes, and decoding carries on (lossily) so later checks still run.

const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

export interface BadLine {
  line: number;
  message: string;
}

export interface Decoded {
  text: string;
  /** Lines holding bytes that are not UTF-8, in file order. Empty when the file is valid. */
  badLines: BadLine[];
}

/** Offset of the first byte that cannot start or continue a UTF-8 sequence, or -1. */
function firstBadByte(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const more = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : 3;
    if (c >= 0x80 && (c < 0xc2 || c > 0xf4)) return i;
    for (let k = 1; k <= more; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += more + 1;
  }
  return -1;
}

function describe(line: Uint8Array): string {
  const at = firstBadByte(line);
  if (at < 0) return 'not UTF-8 (save the file as UTF-8)';
  const bytes: string[] = [];
  for (let i = at; i < line.length && i < at + 4 && line[i]! >= 0x80; i++)
    bytes.push(line[i]!.toString(16).toUpperCase().padStart(2, '0'));
  return (
    `not UTF-8: bytes ${bytes.join(' ')} at byte ${at + 1} of the line ` +
    '(GBK or another legacy encoding?); save the file as UTF-8'
  );
}

export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { text: strict.decode(bytes), badLines: [] };
  } catch {
    // Only on failure: find the lines, so the cost is paid by broken files alone.
  }
  const badLines: BadLine[] = [];
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    const slice = bytes.subarray(start, i);
    try {
      strict.decode(slice);
    } catch {
      badLines.push({ line, message: describe(slice) });
    }
    start = i + 1;
    line++;
  }
  return { text: lossy.decode(bytes), badLines };
}

/** Paths of string values that hold U+FFFD, the mark lossy decoding leaves for bad bytes. */
export function garbledStrings(value: unknown, path = ''): Array<{ path: string; text: string }> {
  if (typeof value === 'string') return value.includes('\uFFFD') ? [{ path, text: value }] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => garbledStrings(v, path ? `${path}.${k}` : k));
}
