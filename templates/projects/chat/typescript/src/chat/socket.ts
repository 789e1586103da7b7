/**
 * `GET /ws?token=…`: the WebSocket endpoint.
 *
 * The token is checked in an `onRequest` hook, before the upgrade, so a bad
 * one gets a plain HTTP 401 problem. Afterwards each connection handles its
 * frames one at a time, in the order they came, and is closed after
 * WS_IDLE_TIMEOUT_SECONDS without a frame. Pings are answered by `ws` itself
 * and do not count as activity: a connection that only pings is idle.
 *
 * The token travels in the URL (browsers cannot set headers on a WebSocket),
 * so it stays out of the logs: the request log writes the path without its
 * query string (http/logging.ts).
 */

import websocket from "@fastify/websocket";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Gauge } from "prom-client";
import type { RawData, WebSocket } from "ws";
import { HttpProblem, sendProblem } from "../http/problems.js";
import { userFromToken } from "../plugins/authentication.js";
import { RoomStore } from "../rooms/store.js";
import * as frames from "./frames.js";
import { FrameError } from "./frames.js";
import { Connection, Hub, type Outbox } from "./hub.js";

interface Close {
  code: number;
  reason: string;
}

const IDLE: Close = { code: 1000, reason: "idle for too long" };
const TOO_SLOW: Close = {
  code: 1008,
  reason: "too slow to keep up: reload the history and reconnect",
};
const SERVER_ERROR: Close = { code: 1011, reason: "unexpected server error" };

// How long a closing handshake may take before the socket is simply dropped.
const CLOSE_TIMEOUT_MS = 5_000;
// A frame is at most a 2000-character body and a little JSON; anything far bigger is abuse.
const MAX_FRAME_BYTES = 64 * 1024;
// What the socket itself may buffer (the kernel's buffers come on top) before frames queue up.
const SOCKET_HIGH_WATER_BYTES = 64 * 1024;
// Frames received but not yet handled; past this the socket stops reading until it catches up.
const MAX_BACKLOG = 32;

/**
 * The bounded send queue of one socket. Frames go on to the socket while it
 * has room (its buffered bytes stay under a high-water mark); beyond that they
 * wait here, and once `capacity` frames are waiting the client counts as too
 * slow. Counting queued frames rather than writes in flight means a busy
 * event loop, which delays write callbacks, never looks like a slow client.
 */
class SocketOutbox implements Outbox {
  private readonly waiting: string[] = [];
  private readonly flush = () => {
    while (
      this.waiting.length > 0 &&
      this.socket.readyState === this.socket.OPEN &&
      this.socket.bufferedAmount < SOCKET_HIGH_WATER_BYTES
    ) {
      // Called once the frame has left for the network: there may be room for the next.
      this.socket.send(this.waiting.shift() as string, this.flush);
    }
  };

  constructor(
    private readonly socket: WebSocket,
    private readonly capacity: number,
    private readonly onFullQueue: () => void,
  ) {}

  push(frame: string): boolean {
    if (this.waiting.length >= this.capacity) {
      return false;
    }
    this.waiting.push(frame);
    this.flush();
    return true;
  }

  fellBehind(): void {
    this.onFullQueue();
  }
}

export async function chatSocket(app: FastifyInstance): Promise<void> {
  await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  const hub = new Hub(new RoomStore(app.db));
  const idleMs = app.config.wsIdleTimeoutSeconds * 1000;
  const queueSize = app.config.wsSendQueueSize;
  const open = new Gauge({
    name: "chat_open_connections",
    help: "WebSocket connections open now.",
    registers: [app.metrics],
  });

  app.route({
    method: "GET",
    url: "/ws",
    schema: { hide: true },
    onRequest: async (request) => {
      const { token } = request.query as { token?: unknown };
      const user = typeof token === "string" && token ? await userFromToken(app, token) : undefined;
      if (!user) {
        throw new HttpProblem(401, "a valid token is required in the `token` query parameter");
      }
      request.userId = user.id;
      request.username = user.username;
    },
    // A plain GET that does not ask for an upgrade.
    handler: (_request, reply) => {
      reply.header("Upgrade", "websocket");
      return sendProblem(reply, 426, "GET /ws must ask for a WebSocket upgrade");
    },
    wsHandler: (socket, request) => {
      open.inc();
      socket.once("close", () => open.dec());
      serve(socket, request, hub, { idleMs, queueSize });
    },
  });
}

function serve(
  socket: WebSocket,
  request: FastifyRequest,
  hub: Hub,
  { idleMs, queueSize }: { idleMs: number; queueSize: number },
): void {
  let closeTimer: NodeJS.Timeout | undefined;
  const end = ({ code, reason }: Close) => {
    if (closeTimer !== undefined) {
      return;
    }
    socket.close(code, reason);
    // A client too stuck to read may never answer the close frame.
    closeTimer = setTimeout(() => socket.terminate(), CLOSE_TIMEOUT_MS);
    // Leaving the rooms waits for the hub to finish what it is doing: when the
    // queue overflowed in the middle of a broadcast, every member gets that
    // frame before the presence frame this leave causes.
    queueMicrotask(() => hub.disconnect(connection));
  };
  const connection = new Connection(
    { id: request.userId, username: request.username },
    new SocketOutbox(socket, queueSize, () => end(TOO_SLOW)),
  );
  const idle = setTimeout(() => end(IDLE), idleMs);

  // Frames are handled one at a time, in order: a join must be done before the next message.
  const backlog: (string | undefined)[] = [];
  let handling = false;
  const handleBacklog = async () => {
    handling = true;
    while (backlog.length > 0 && !connection.closed) {
      const text = backlog.shift();
      try {
        await act(text, connection, hub);
      } catch (error) {
        if (!(error instanceof FrameError)) {
          request.log.error({ err: error }, "WebSocket frame failed");
          end(SERVER_ERROR);
          break;
        }
        connection.send(frames.error(error.code, error.message));
      }
      if (socket.isPaused && backlog.length === 0) {
        socket.resume();
      }
    }
    handling = false;
  };

  socket.on("message", (data: RawData, isBinary: boolean) => {
    idle.refresh();
    backlog.push(isBinary ? undefined : data.toString());
    if (backlog.length >= MAX_BACKLOG) {
      socket.pause();
    }
    if (!handling) {
      void handleBacklog();
    }
  });
  socket.on("close", () => {
    clearTimeout(idle);
    clearTimeout(closeTimer);
    hub.disconnect(connection);
  });
}

async function act(text: string | undefined, connection: Connection, hub: Hub): Promise<void> {
  if (text === undefined) {
    throw new FrameError("bad_frame", "frames must be JSON text, not binary");
  }
  const frame = frames.parse(text);
  switch (frame.type) {
    case "join":
      return hub.join(connection, frame.room);
    case "leave":
      return hub.leave(connection, frame.room);
    case "message":
      return hub.publish(connection, frame.room, frame.body);
  }
}
