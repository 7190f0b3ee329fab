// What a map label says and how wide it is. Long official names (赣州经济技术开发区) are written
// the way their own offices abbreviate them (赣州经开区), and anything still longer is cut with
// an ellipsis: the full name stays in the hover card, the breadcrumb and the rankings.

/** Official long forms and their customary short forms; longest first, so 高新技术产业开发区
 * is not taken for 开发区 by a shorter rule. (Committee suffixes such as 居民委员会 are the
 * dataset builder's to strip: names arrive without them.) */
const SHORT_FORMS: Array<[string, string]> = [
  ['高新技术产业开发区', '高新区'],
  ['经济技术开发区', '经开区'],
  ['高新技术开发区', '高新区'],
  ['经济开发区', '经开区'],
  ['管理委员会', '管委会'],
  ['工业园区', '工业园'],
  ['产业园区', '产业园'],
];

/** The most characters a label shows (CJK; 2 Latin letters count about as one). */
export const LABEL_MAX_EM = 7;
export const ELLIPSIS = '…';

/** Width in em of a label: a CJK character is 1 em, Latin letters and digits about 0.55. */
export function labelWidthEm(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! > 0x2e7f ? 1 : 0.55;
  return w;
}

/** The label of a place name: customary short forms, then cut to LABEL_MAX_EM with '…'. */
export function mapLabel(name: string): string {
  let text = name.trim();
  for (const [long, short] of SHORT_FORMS) text = text.replace(long, short);
  if (labelWidthEm(text) <= LABEL_MAX_EM) return text;
  let cut = '';
  for (const ch of text) {
    if (labelWidthEm(cut + ch) > LABEL_MAX_EM - 1) break;
    cut += ch;
  }
  return cut + ELLIPSIS;
}
