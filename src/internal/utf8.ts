/**
 * The length of `text` in bytes of UTF-8, without encoding it (the core has no TextEncoder or Buffer in its types):
 * 1 byte below U+0080, 2 below U+0800, 4 for a surrogate pair, 3 otherwise (a lone surrogate, written as U+FFFD, is
 * 3 too). O(length).
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
