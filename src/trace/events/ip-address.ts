/**
 * One spelling per client address, so the IP index finds an address however a log wrote it:
 * Java (dCache billing, StoRM) writes IPv6 in full (`2001:db8:0:0:0:0:0:7`), dCache's access log
 * and HTCondor in the short form, some in capitals, and a dual-stack server may log an IPv4
 * client as `::ffff:192.0.2.1`. IPv6 becomes its RFC 5952 text (lower case, the longest run of
 * zeros as `::`, as the WHATWG URL parser writes it) and an IPv4-mapped address its IPv4 text.
 * IPv4 and anything that is not an address are kept as written.
 */
export function canonicalIp(ip: string): string {
  if (!ip.includes(":")) return ip;
  const bare = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  let host: string;
  try {
    host = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  } catch {
    return ip.toLowerCase(); // a zone id (fe80::1%eth0) or not an address: compared as written
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped === null) return host;
  const hi = parseInt(mapped[1]!, 16);
  const lo = parseInt(mapped[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}
