// Which text encoding a CSV/TSV export is in. Chinese-locale Excel saves GBK without a BOM;
// chardet-style guessing is wrong on short Chinese text, so the rule is fixed: a BOM wins, else
// the first 64 KB decode as strict UTF-8, else GB18030 (a superset of GBK and GB2312).
import type { TextEncoding } from '../../shared/admin-api';

export interface DetectedEncoding {
  encoding: TextEncoding;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
  /** How it was decided, shown beside the encoding. */
  by: 'bom' | 'utf8_valid' | 'not_utf8' | 'override';
}

export const SNIFF_BYTES = 64 * 1024;

// Node's TextDecoder knows 'gbk' and 'gb18030' but throws on the labels Windows tools write.
const LABELS: Record<string, TextEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  cp936: 'gb18030',
  '936': 'gb18030',
  ms936: 'gb18030',
  'windows-936': 'gb18030',
  'ansi 936': 'gb18030',
  'euc-cn': 'gb18030',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
};

/** The encoding a user-given label names, or undefined when we do not know it. */
export function encodingFromLabel(label: string): TextEncoding | undefined {
  return LABELS[label.trim().toLowerCase().replace(/_/g, '-')];
}

export const ENCODING_LABELS = Object.keys(LABELS);

function bom(head: Uint8Array): DetectedEncoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', bomLength: 3, by: 'bom' };
  if (head[0] === 0xff && head[1] === 0xfe)
    return { encoding: 'utf-16le', bomLength: 2, by: 'bom' };
  if (head[0] === 0xfe && head[1] === 0xff)
    return { encoding: 'utf-16be', bomLength: 2, by: 'bom' };
  return undefined;
}

/** true when the bytes are UTF-8, allowing a character cut at the end of the sample. */
function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Decides from the first bytes of a file; an override label wins (a BOM is still skipped). */
export function detectEncoding(head: Uint8Array, override?: TextEncoding): DetectedEncoding {
  const b = bom(head);
  if (override)
    return {
      encoding: override,
      bomLength: b?.encoding === override ? b.bomLength : 0,
      by: 'override',
    };
  if (b) return b;
  return isUtf8(head.subarray(0, SNIFF_BYTES))
    ? { encoding: 'utf-8', bomLength: 0, by: 'utf8_valid' }
    : { encoding: 'gb18030', bomLength: 0, by: 'not_utf8' };
}

export type { TextEncoding };
