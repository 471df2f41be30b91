import WebSocket from "ws";
import { ServerMessage } from "../risk/meeting/meeting.protocol.js";

type Message = ServerMessage;

/**
 * A real WebSocket client for protocol tests and the meeting benchmark: validates every message
 * with the shared schema and lets a test wait for the next one matching a predicate.
 */
export class WsClient {
  readonly received: Message[] = [];
  /** Messages that did not match the protocol (a test asserts there are none). */
  readonly invalid: string[] = [];
  private waiters: { pred: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data: Buffer) => {
      const parsed = ServerMessage.safeParse(JSON.parse(data.toString("utf8")));
      if (!parsed.success) {
        this.invalid.push(`${parsed.error.message}: ${data.toString("utf8").slice(0, 200)}`);
        return;
      }
      const m = parsed.data;
      this.received.push(m);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(m)) return true;
        w.resolve(m);
        return false;
      });
    });
  }

  static connect(url: string, headers: Record<string, string>): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      const client = new WsClient(socket);
      socket.once("open", () => resolve(client));
      socket.once("error", reject);
      socket.once("unexpected-response", (_req, res) =>
        reject(new Error(`HTTP ${res.statusCode}`)),
      );
    });
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  /** The next message (from now on, or already received if `seen` allows) matching `pred`. */
  next<T extends Message>(pred: (m: Message) => m is T, timeoutMs?: number): Promise<T>;
  next(pred: (m: Message) => boolean, timeoutMs?: number): Promise<Message>;
  next(pred: (m: Message) => boolean, timeoutMs = 5000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching message within ${timeoutMs} ms; last: ${JSON.stringify(this.received.at(-1))?.slice(0, 300)}; invalid: ${this.invalid.join(" | ").slice(0, 600)}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** The latest state received so far, if any. */
  lastState(): Extract<Message, { type: "state" }>["state"] | undefined {
    for (let i = this.received.length - 1; i >= 0; i--) {
      const m = this.received[i];
      if (m?.type === "state") return m.state;
    }
    return undefined;
  }

  /** The state already received, or the first one to come (the server sends one on connect). */
  async firstState(timeoutMs = 5000): Promise<NonNullable<ReturnType<WsClient["lastState"]>>> {
    const seen = this.lastState();
    if (seen) return seen;
    const m = await this.next((x) => x.type === "state", timeoutMs);
    if (m.type !== "state") throw new Error("unreachable");
    return m.state;
  }

  /** Sends a message with an id and waits for its ack (resolves) or error (rejects). */
  async request(message: object, timeoutMs = 5000): Promise<unknown> {
    const id = Math.random().toString(36).slice(2);
    const answer = this.next(
      (m) => (m.type === "ack" || m.type === "error") && m.id === id,
      timeoutMs,
    );
    this.send({ ...message, id });
    const m = await answer;
    if (m.type === "error")
      throw Object.assign(new Error(`${m.code}: ${m.message}`), { code: m.code });
    return m.type === "ack" ? m.result : undefined;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once("close", () => resolve());
      this.socket.close();
    });
  }
}
