import { addressOf } from "./netlogger-values.js";

/**
 * The fields of one dCache billing record after its date, read with a cursor over the default
 * StringTemplate layouts (see dcache-billing.parser.ts for the accepted layouts). Kept apart from
 * the parser so the line grammar can be read on its own.
 */
export interface BillingRecord {
  kind: "transfer" | "request";
  /** The pool (mover records) or door (door records) cell name as written. */
  cell: string;
  pnfsid: string | null;
  fileSize: number | null;
  path: string | null;
  storageClass: string | null;
  /** Bytes moved (mover records). */
  transferred: number | null;
  /** Connection time (mover) or transaction time (door), milliseconds. */
  durationMs: number | null;
  /** True for an upload (mover records). */
  created: boolean | null;
  protocol: string | null;
  clientIp: string | null;
  initiator: string | null;
  owner: string | null;
  uid: string | null;
  gid: string | null;
  /** First address of the door record's client chain. */
  client: string | null;
  rc: number | null;
  message: string | null;
}

/** A record kind this parser does not turn into events. */
export const IGNORED_RECORD = "ignored";

/**
 * Reads the record from `pos` (just after the date). Returns the record, `IGNORED_RECORD` for a
 * record type that is not read, or a message naming the first missing field.
 */
export function readBillingRecord(line: string, pos: number): BillingRecord | string {
  const c = new Cursor(line, pos);
  const header = c.group("[", "]");
  if (header === null) return "no [cellType:cell:type] header";
  const first = header.indexOf(":");
  const last = header.lastIndexOf(":");
  if (first <= 0 || last <= first) return "malformed [cellType:cell:type] header";
  const cellType = header.slice(0, first);
  const type = header.slice(last + 1);
  const rec = emptyRecord(header.slice(first + 1, last));
  if (cellType === "pool" && type === "transfer") return readMover(c, rec);
  if (cellType === "door" && type === "request") return readDoor(c, rec);
  return IGNORED_RECORD;
}

function emptyRecord(cell: string): BillingRecord {
  return {
    kind: "transfer",
    cell,
    pnfsid: null,
    fileSize: null,
    path: null,
    storageClass: null,
    transferred: null,
    durationMs: null,
    created: null,
    protocol: null,
    clientIp: null,
    initiator: null,
    owner: null,
    uid: null,
    gid: null,
    client: null,
    rc: null,
    message: null,
  };
}

function readMover(c: Cursor, rec: BillingRecord): BillingRecord | string {
  const missing = readFile(c, rec);
  if (missing !== null) return missing;
  rec.transferred = int(c.word());
  rec.durationMs = int(c.word());
  const created = c.word();
  rec.created = created === "true" ? true : created === "false" ? false : null;
  const proto = c.group("{", "}");
  if (proto === null) return "no {protocol info}";
  readProtocol(proto, rec);
  if (c.peek(" [")) {
    const initiator = c.group("[", "]");
    if (initiator === null) return "unterminated [initiator]";
    if (initiator.startsWith("pool:")) return IGNORED_RECORD; // pool-to-pool copy
    rec.initiator = initiator.length > 0 ? initiator : null;
  }
  while (c.peek(" [")) {
    const extra = c.group("[", "]"); // e.g. a site-added [p2p=false]
    if (extra === null) break;
    if (extra === "p2p=true") return IGNORED_RECORD;
  }
  readResult(c, rec);
  return rec;
}

function readDoor(c: Cursor, rec: BillingRecord): BillingRecord | string {
  rec.kind = "request";
  const who = c.group("[", "]");
  if (who === null) return 'no ["owner":uid:gid:client]';
  let rest = who;
  if (who.charCodeAt(0) === 34) {
    const q = who.indexOf('":', 1);
    if (q === -1) return "malformed owner";
    const owner = who.slice(1, q);
    rec.owner = owner.length > 0 && owner !== "unknown" ? owner : null;
    rest = who.slice(q + 2);
  }
  const a = rest.indexOf(":");
  const b = a === -1 ? -1 : rest.indexOf(":", a + 1);
  if (b !== -1) {
    rec.uid = idOrNull(rest.slice(0, a));
    rec.gid = idOrNull(rest.slice(a + 1, b));
    const client = rest.slice(b + 1);
    const comma = client.indexOf(",");
    rec.client = comma === -1 ? client : client.slice(0, comma);
  }
  const missing = readFile(c, rec);
  if (missing !== null) return missing;
  rec.durationMs = int(c.word());
  c.word(); // queuing time
  readResult(c, rec);
  return rec;
}

/** `[pnfsid,size] [path] storage-class` — shared by both record kinds. */
function readFile(c: Cursor, rec: BillingRecord): string | null {
  const idSize = c.group("[", "]");
  if (idSize === null) return "no [pnfsid,size]";
  const comma = idSize.lastIndexOf(",");
  rec.pnfsid = (comma === -1 ? idSize : idSize.slice(0, comma)) || null;
  rec.fileSize = comma === -1 ? null : int(idSize.slice(comma + 1));
  const path = c.group("[", "] ");
  if (path === null) return "no [path]";
  rec.path = path.length > 0 && path !== "Unknown" ? path : null;
  const sc = c.word();
  rec.storageClass = sc === null || sc === "<Unknown>" ? null : sc;
  return null;
}

/** The trailing `{rc:"message"}`; the message may hold braces, so it runs to the last `"}`. */
function readResult(c: Cursor, rec: BillingRecord): void {
  const s = c.s;
  if (!c.peek(" {") || !s.endsWith("}")) return;
  const start = c.pos + 2;
  const colon = s.indexOf(":", start);
  if (colon === -1) return;
  rec.rc = int(s.slice(start, colon));
  if (s.charCodeAt(colon + 1) === 34 && s.length - 2 > colon + 1) {
    rec.message = s.slice(colon + 2, s.length - 2);
  }
}

/**
 * `{Http-1.1:1.2.3.4:0:cell:domain:/path}`, `{Xrootd-5.0:[::1]:1094}`, Java's unbracketed
 * 8-group IPv6 … → the protocol name and the client address when one can be told apart.
 */
function readProtocol(proto: string, rec: BillingRecord): void {
  let sep = 0;
  while (sep < proto.length) {
    const ch = proto.charCodeAt(sep);
    if (ch === 58 || ch === 32 || ch === 44) break;
    sep++;
  }
  rec.protocol = proto.slice(0, sep) || null;
  let rest = proto.slice(sep + 1);
  const slash = rest.indexOf("/");
  if (slash !== -1 && slash < rest.indexOf(":") && rest.charCodeAt(0) !== 91) {
    rest = rest.slice(slash + 1); // Java's host/1.2.3.4
  }
  if (rest.charCodeAt(0) === 91) {
    const close = rest.indexOf("]");
    rec.clientIp = close > 1 ? addressOf(rest.slice(0, close + 1)) : null;
    return;
  }
  const groups = rest.split(/[: ,]/, 9);
  const head = groups[0] ?? "";
  if (isIpv4(head)) rec.clientIp = head;
  else if (groups.length >= 8 && groups.slice(0, 8).every(isHexGroup)) {
    rec.clientIp = groups.slice(0, 8).join(":");
  }
}

function isIpv4(s: string): boolean {
  const parts = s.split(".");
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return false;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (c < 48 || c > 57) return false;
    }
    if (Number(p) > 255) return false;
  }
  return true;
}

function isHexGroup(s: string): boolean {
  if (s.length === 0 || s.length > 4) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function int(s: string | null): number | null {
  if (s === null || s.length === 0 || s.length > 20) return null;
  const n = Number(s);
  return Number.isInteger(n) ? n : null;
}

function idOrNull(s: string): string | null {
  return s.length > 0 && s !== "-1" && s !== "unknown" ? s : null;
}

/** A position in a record; groups are ` [..]` / ` {..}` preceded by one space. */
class Cursor {
  constructor(
    readonly s: string,
    public pos: number,
  ) {}

  peek(prefix: string): boolean {
    return this.s.startsWith(prefix, this.pos);
  }

  /** ` <open>…<close>`: the text inside, or null; `close` may be several characters. */
  group(open: string, close: string): string | null {
    const s = this.s;
    if (s.charCodeAt(this.pos) !== 32 || s.charAt(this.pos + 1) !== open) return null;
    const start = this.pos + 2;
    const end = s.indexOf(close, start);
    if (end === -1) return null;
    this.pos = end + 1;
    return s.slice(start, end);
  }

  /** ` word`: the next space-free token, or null. */
  word(): string | null {
    const s = this.s;
    if (s.charCodeAt(this.pos) !== 32) return null;
    const start = this.pos + 1;
    let end = s.indexOf(" ", start);
    if (end === -1) end = s.length;
    if (end === start) return null;
    this.pos = end;
    return s.slice(start, end);
  }
}
