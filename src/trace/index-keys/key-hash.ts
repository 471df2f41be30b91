/**
 * 53-bit string hashes for the inverted index (trace_postings). Two independent FNV-1a lanes
 * over UTF-16 code units, seeded with the key's kind (one character) so the same text in two
 * roles gives two keys without building a new string per key; combined into one safe integer
 * that SQLite, PostgreSQL and JavaScript all hold exactly. A collision only makes a look-up read
 * an event that does not match, and readers compare the stored value, so it is harmless.
 */
export function keyHash(kind: string, text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ (text.length + 1);
  const k = kind.charCodeAt(0);
  a = Math.imul(a ^ k, 0x01000193);
  b = Math.imul(b ^ k, 0x5bd1e995);
  b ^= b >>> 15;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 13;
  a = Math.imul(a, 0xc2b2ae35);
  a ^= a >>> 16;
  return (b & 0x1fffff) * 0x100000000 + (a >>> 0);
}
