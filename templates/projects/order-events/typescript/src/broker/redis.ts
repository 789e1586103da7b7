import { createClient, ErrorReply } from "redis";

/** Bounds every command that is not a blocking read: an unreachable Redis fails fast. */
export const REDIS_TIMEOUT_MS = 1_000;

/** A stream entry as the consumer sees it. */
export interface Message {
  /** The entry id, `<ms>-<seq>`. */
  id: string;
  fields: Record<string, string>;
  /** How many times the group has delivered it, this delivery included. */
  deliveries: number;
}

export interface GroupStats {
  pending: number;
  lag: number;
  deadLettered: number;
}

export interface StreamStats {
  length: number;
  groups: Record<string, GroupStats>;
}

/** The stream an entry goes to once nobody could handle it. */
export const deadStream = (stream: string) => `${stream}.dead`;

/** The hash of dead letters per group: counted as they are written, so stats need no scan. */
const deadCounts = (stream: string) => `${deadStream(stream)}:counts`;

/** A failure to talk to Redis (as opposed to a reply it sent on purpose, like NOGROUP). */
export class BrokerUnavailable extends Error {
  override name = "BrokerUnavailable";
}

type Reply = string | number | null | Reply[] | { [key: string]: Reply } | Map<string, Reply>;

/** A reply of name–value pairs: a flat array (RESP2), or a map (RESP3 or the client's mapping). */
function pairs(reply: Reply): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) {
      out[String(reply[i])] = String(reply[i + 1]);
    }
  } else if (reply instanceof Map) {
    for (const [name, value] of reply) {
      out[String(name)] = String(value);
    }
  } else if (reply !== null && typeof reply === "object") {
    for (const [name, value] of Object.entries(reply)) {
      out[name] = String(value);
    }
  }
  return out;
}

/** A list of replies, whether an array or the values of a map. */
function list(reply: Reply): Reply[] {
  if (Array.isArray(reply)) {
    return reply;
  }
  if (reply instanceof Map) {
    return [...reply.values()];
  }
  return reply !== null && typeof reply === "object" ? Object.values(reply) : [];
}

/** Stream entries `[[id, fields]…]` as messages. */
function entries(reply: Reply, deliveries: number): Message[] {
  return list(reply).flatMap((entry) =>
    // A deleted entry still pending comes back from XAUTOCLAIM as nil on older servers.
    Array.isArray(entry) && entry.length === 2 && entry[1] !== null
      ? [{ id: String(entry[0]), fields: pairs(entry[1] as Reply), deliveries }]
      : [],
  );
}

/** A one-line error of at most 500 characters, for a dead letter's `error` field. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t]/g, " ").slice(0, 500);
}

/**
 * Redis Streams with consumer groups. Every command goes through
 * `sendCommand` with the commands' own words, as the Redis documentation
 * writes them. The client connects in the background and reconnects on its
 * own; while it is disconnected a command fails at once.
 */
export class RedisBroker {
  readonly #client: ReturnType<typeof createClient>;
  readonly #connecting: Promise<unknown>;

  constructor(
    url: string,
    private readonly maxLength: number,
    onError: (error: Error) => void = () => {},
    /** How long a command may take: a blocking read needs more than its BLOCK. */
    timeoutMs = REDIS_TIMEOUT_MS,
  ) {
    this.#client = createClient({
      url,
      socket: {
        connectTimeout: REDIS_TIMEOUT_MS,
        reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000),
      },
      disableOfflineQueue: true,
      commandOptions: { timeout: timeoutMs },
    });
    this.#client.on("error", onError);
    this.#connecting = this.#client.connect().catch(onError);
  }

  async #send(args: string[]): Promise<Reply> {
    try {
      return (await this.#client.sendCommand(args)) as Reply;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A reply Redis sent on purpose (NOGROUP, BUSYGROUP, WRONGTYPE…) stays itself.
      if (error instanceof ErrorReply && !message.startsWith("LOADING")) {
        throw error;
      }
      throw new BrokerUnavailable(`redis: ${message}`);
    }
  }

  /**
   * Waits for the first connection, but never longer than `timeoutMs`: a
   * process whose Redis is down starts anyway, and keeps reconnecting.
   */
  async connected(timeoutMs = REDIS_TIMEOUT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([this.#connecting, waited]);
    clearTimeout(timer);
  }

  async ping(): Promise<void> {
    await this.#send(["PING"]);
  }

  /** XGROUP CREATE … $ MKSTREAM for each group, BUSYGROUP ignored. */
  async ensureGroups(stream: string, groups: readonly string[]): Promise<void> {
    for (const group of groups) {
      try {
        await this.#send(["XGROUP", "CREATE", stream, group, "$", "MKSTREAM"]);
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith("BUSYGROUP"))) {
          throw error;
        }
      }
    }
  }

  /** XADD of each entry, in order (one pipeline); how many the stream took. */
  async publish(stream: string, list: Record<string, string>[]): Promise<number> {
    const cap = ["MAXLEN", "~", String(this.maxLength)];
    let published = 0;
    const sends = list.map((fields) =>
      this.#send(["XADD", stream, ...cap, "*", ...Object.entries(fields).flat()]),
    );
    const results = await Promise.allSettled(sends);
    for (const result of results) {
      if (result.status === "rejected") {
        throw Object.assign(result.reason as Error, { published });
      }
      published += 1;
    }
    return published;
  }

  /** XREADGROUP GROUP group consumer COUNT count BLOCK ms STREAMS stream >. */
  async read(
    stream: string,
    group: string,
    consumer: string,
    count: number,
    blockMs: number,
  ): Promise<Message[]> {
    const reply = await this.#send([
      "XREADGROUP",
      "GROUP",
      group,
      consumer,
      "COUNT",
      String(count),
      "BLOCK",
      String(blockMs),
      "STREAMS",
      stream,
      ">",
    ]);
    if (reply === null) {
      return [];
    }
    // [[stream, entries]] (RESP2) or {stream: entries} (a map): one stream here.
    const streams = Array.isArray(reply)
      ? reply.map((item) => (Array.isArray(item) ? item[1] : null))
      : list(reply);
    return streams.flatMap((item) => entries(item ?? [], 1));
  }

  /**
   * XAUTOCLAIM from the start of the pending entries, then XPENDING for the
   * delivery count of each entry claimed (XAUTOCLAIM increments it but does not say it).
   */
  async claim(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    count: number,
  ): Promise<Message[]> {
    const reply = await this.#send([
      "XAUTOCLAIM",
      stream,
      group,
      consumer,
      String(minIdleMs),
      "0-0",
      "COUNT",
      String(count),
    ]);
    const claimed = entries(list(reply)[1] ?? [], 0);
    for (const message of claimed) {
      const pending = await this.#send(["XPENDING", stream, group, message.id, message.id, "1"]);
      const first = list(pending)[0];
      message.deliveries = first === undefined || first === null ? 1 : Number(list(first)[3] ?? 1);
    }
    return claimed;
  }

  async ack(stream: string, group: string, id: string): Promise<void> {
    await this.#send(["XACK", stream, group, id]);
  }

  /**
   * XADD to the dead stream, XACK and the count in one MULTI, so a dead
   * letter is never written without its entry leaving the pending list, or
   * the other way round. The entry keeps its fields, plus `group`, `error`,
   * `deliveries` and `sourceId`.
   */
  async deadLetter(stream: string, group: string, message: Message, reason: string): Promise<void> {
    const fields = Object.entries(message.fields).filter(
      // Ours to set: an entry cannot pass for its own dead letter.
      ([name]) => !["group", "error", "deliveries", "sourceId"].includes(name),
    );
    const deadFields = [
      ...fields.flat(),
      ...[
        "group",
        group,
        "error",
        oneLine(reason),
        "deliveries",
        String(message.deliveries),
        "sourceId",
        message.id,
      ],
    ];
    try {
      await this.#client
        .multi()
        .addCommand([
          "XADD",
          deadStream(stream),
          "MAXLEN",
          "~",
          String(this.maxLength),
          "*",
          ...deadFields,
        ])
        .addCommand(["XACK", stream, group, message.id])
        .addCommand(["HINCRBY", deadCounts(stream), group, "1"])
        .exec();
    } catch (error) {
      throw new BrokerUnavailable(
        `redis: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** XLEN, XINFO GROUPS and the dead-letter counts. */
  async stats(stream: string): Promise<StreamStats> {
    const length = Number(await this.#send(["XLEN", stream]));
    let groups: Reply = [];
    try {
      groups = await this.#send(["XINFO", "GROUPS", stream]);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith("ERR no such key"))) {
        throw error;
      }
    }
    const dead = pairs(await this.#send(["HGETALL", deadCounts(stream)]));
    const out: StreamStats = { length, groups: {} };
    for (const entry of list(groups)) {
      const info = pairs(entry);
      const name = info.name ?? "";
      let lag = info.lag === undefined || info.lag === "" ? -1 : Number(info.lag);
      if (!(lag >= 0)) {
        // Redis cannot tell (entries deleted or trimmed mid-way): count what
        // follows the group's last delivered entry.
        const after = await this.#send([
          "XRANGE",
          stream,
          `(${info["last-delivered-id"]}`,
          "+",
          "COUNT",
          "100000",
        ]);
        lag = list(after).length;
      }
      out.groups[name] = {
        pending: Number(info.pending ?? 0),
        lag,
        deadLettered: Number(dead[name] ?? 0),
      };
    }
    return out;
  }

  close(): void {
    if (this.#client.isOpen) {
      this.#client.destroy();
    }
  }
}
