import { connect, type ClientHttp2Session } from 'node:http2';
import { connect as connectSocket } from 'node:net';
import { fixedAddresses, resolveName, type Address } from './name-resolution.ts';

export interface Connection {
  readonly session: ClientHttp2Session;
  /** Set once the server's SETTINGS arrived: a stream that fails before that never reached a working server. */
  connected: boolean;
  /** Set on GOAWAY or close: no new streams. */
  draining: boolean;
  /** Settles when the handshake is done (true) or the connection failed first (false). */
  readonly ready: Promise<boolean>;
}

export interface ConnectionPoolOptions {
  readonly keepaliveMs: number;
  readonly keepaliveTimeoutMs: number;
  readonly reresolveMs: number;
  readonly reconnectBackoffMs: number;
  readonly connectTimeoutMs: number;
}

/** No address has a connection up and none could be made: refused, or every address in back-off. */
export class NoConnection extends Error {}

/**
 * One HTTP/2 connection per address a target names or resolves to, picked round-robin among the
 * connected ones, as grpc-js's round_robin picks READY subchannels: keepalive pings, re-resolution
 * of the name, back-off for an address that just failed.
 */
export class ConnectionPool {
  readonly #target: string;
  readonly #options: ConnectionPoolOptions;
  #addresses: Address[] = [];
  #resolving: Promise<void> | undefined;
  #resolvedAt = 0;
  #resolveError: Error | undefined;
  readonly #connections = new Map<string, Connection>();
  readonly #failedUntil = new Map<string, number>();
  #next = 0;
  #closed = false;

  constructor(target: string, options: ConnectionPoolOptions) {
    this.#target = target;
    this.#options = options;
    const fixed = fixedAddresses(target);
    if (fixed) {
      this.#addresses = fixed;
      this.#resolvedAt = Number.POSITIVE_INFINITY;
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    this.#closed = true;
    for (const connection of this.#connections.values()) connection.session.close();
    this.#connections.clear();
  }

  /**
   * The next connected address round-robin when one is up and the name needs no fresh lookup;
   * else undefined. An address passed over with no connection (new after a lookup, or dropped)
   * gets one started, unless it is in back-off, so it joins the rotation once it is up.
   */
  connectedNow(): Connection | undefined {
    const addresses = this.#addresses;
    const now = Date.now();
    if (this.#closed || addresses.length === 0 || now - this.#resolvedAt > this.#options.reresolveMs) return undefined;
    for (let tried = 0; tried < addresses.length; tried++) {
      const address = addresses[this.#next++ % addresses.length]!;
      const connection = this.#connections.get(address.key);
      if (connection && !connection.draining && !connection.session.destroyed) {
        if (connection.connected) return connection;
      } else if ((this.#failedUntil.get(address.key) ?? 0) <= now) {
        this.#connectionTo(address);
      }
    }
    return undefined;
  }

  /**
   * The next connected address round-robin: a call never waits on a connection still being made
   * (or never to be made, to a vanished pod) while another is up. Every address not in back-off
   * gets a connection under way; with none up yet, the call waits for the first to come up.
   * Rejects when the name cannot be resolved, and with NoConnection when no connection came up or
   * every address failed within its back-off: as grpc-js fails calls at once while a channel is in
   * TRANSIENT_FAILURE, so an upstream that is down costs a refused call no connection of its own
   * (and a pod coming back no storm of them).
   */
  async pick(): Promise<Connection> {
    if (this.#closed) throw new Error('the channel is closed');
    if (Date.now() - this.#resolvedAt > this.#options.reresolveMs || this.#addresses.length === 0) await this.#resolve();
    const addresses = this.#addresses;
    if (addresses.length === 0) throw this.#resolveError ?? new Error('no addresses');
    const now = Date.now();
    const connecting: Connection[] = [];
    for (let tried = 0; tried < addresses.length; tried++) {
      const address = addresses[this.#next++ % addresses.length]!;
      if ((this.#failedUntil.get(address.key) ?? 0) > now) continue;
      const connection = this.#connectionTo(address);
      if (connection.connected) return connection;
      connecting.push(connection);
    }
    if (connecting.length === 0) {
      const retryInMs = Math.max(0, Math.min(...addresses.map((address) => this.#failedUntil.get(address.key) ?? 0)) - now);
      throw new NoConnection(`No connection established to ${this.#target}: the last attempt failed, the next in ${retryInMs} ms`);
    }
    const up = await firstUp(connecting);
    if (!up) throw new NoConnection(`No connection established to ${this.#target}`);
    return up;
  }

  #connectionTo(address: Address): Connection {
    const existing = this.#connections.get(address.key);
    if (existing && !existing.draining && !existing.session.destroyed) return existing;
    const session =
      'path' in address.connectOptions
        ? connect(`http://${address.authority}`, { createConnection: () => connectSocket((address.connectOptions as { path: string }).path) })
        : connect(`http://${address.authority}`, { host: address.connectOptions.host, port: address.connectOptions.port });
    let settle: (up: boolean) => void = () => {};
    const connection: Connection = { session, connected: false, draining: false, ready: new Promise((resolve) => (settle = resolve)) };
    this.#connections.set(address.key, connection);
    const forget = () => {
      // Closed before it came up (refused, reset, timed out, or no HTTP/2 server there): back off.
      // Every failure ends here, as node:http2 closes a session after its 'error'.
      if (!connection.connected) this.#failedUntil.set(address.key, Date.now() + this.#options.reconnectBackoffMs);
      settle(false);
      connection.draining = true;
      clearTimeout(connectTimer);
      clearInterval(keepalive);
      if (this.#connections.get(address.key) === connection) this.#connections.delete(address.key);
    };
    const connectTimer = setTimeout(() => session.destroy(new Error('connection timed out')), this.#options.connectTimeoutMs);
    connectTimer.unref();
    // Up once the server's SETTINGS arrive, as grpc-js judges READY; a bare TCP accept is not enough.
    session.once('remoteSettings', () => {
      clearTimeout(connectTimer);
      connection.connected = true;
      settle(true);
      this.#failedUntil.delete(address.key);
    });
    session.on('error', () => {
      // A dead address may have been replaced: look the name up again on the next call.
      if (this.#resolvedAt !== Number.POSITIVE_INFINITY) this.#resolvedAt = 0;
    });
    session.on('goaway', forget);
    session.on('close', forget);
    const keepalive = setInterval(() => {
      if (!connection.connected || session.destroyed) return;
      const timeout = setTimeout(() => session.destroy(new Error('keepalive ping not answered')), this.#options.keepaliveTimeoutMs);
      timeout.unref();
      const sent = session.ping((error) => {
        clearTimeout(timeout);
        if (error) session.destroy(error);
      });
      if (!sent) clearTimeout(timeout);
    }, this.#options.keepaliveMs);
    keepalive.unref();
    session.unref();
    return connection;
  }

  #resolve(): Promise<void> {
    this.#resolving ??= (async () => {
      try {
        this.#addresses = await resolveName(this.#target);
        this.#resolveError = undefined;
        // A pod the name no longer lists gets no more calls; let its connection go.
        const current = new Set(this.#addresses.map((address) => address.key));
        for (const [key, connection] of this.#connections) {
          if (!current.has(key)) {
            connection.draining = true;
            connection.session.close();
          }
        }
      } catch (error) {
        this.#resolveError = error as Error;
      } finally {
        this.#resolvedAt = Date.now();
        this.#resolving = undefined;
      }
    })();
    return this.#resolving;
  }
}

/** The first of these connections to come up; undefined when all fail. */
function firstUp(connections: readonly Connection[]): Promise<Connection | undefined> {
  return new Promise((resolve) => {
    let failed = 0;
    for (const connection of connections) {
      void connection.ready.then((up) => {
        if (up) resolve(connection);
        else if (++failed === connections.length) resolve(undefined);
      });
    }
  });
}
