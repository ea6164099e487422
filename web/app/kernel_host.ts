// The page's side of the sandbox: an <iframe sandbox="allow-scripts"> (opaque origin: no access
// to the page or its storage) that holds the kernel worker, driven through one MessagePort.
// `spawn` is the runtime's spawn function for it, so tp.worker's runtime (queue, interrupt,
// restart, crash recovery) runs unchanged.
//
// The frame is sandbox.html from another site (kernel_origin.ts), so it has a process of its own:
// when a cell exhausts memory, that process dies and the page lives on. A dead process says
// nothing (no event reaches the page, the worker's error handler dies with it), so the page sends
// the frame a heartbeat; a frame that stops answering is replaced and its kernels are reported
// dead (the runtime then restarts them). Where no other site is available (configured "inline", or
// sandbox.html cannot be loaded, e.g. offline) the frame is the same document as srcdoc: as
// secure, but whether it gets its own process is then the browser's choice (current Chromium
// isolates sandboxed frames too; site-isolating browsers in general do not).
//
// In the built app the page hands the frame the kernel's code and the engine's files: a service
// worker cannot serve a sandboxed frame (its origin is opaque), but it serves this page, so the
// kernel starts offline too. In development the frame imports the kernel module from the dev server.
import type { SpawnWorker, WorkerEvents } from '../src/worker/runtime.ts';
import kernelWorkerUrl from './kernel.ts?worker&url';
import type { KernelPlacement } from './kernel_origin.ts';
import { SANDBOX_DOCUMENT } from './sandbox_frame.ts';

/** Heartbeat period, and how long an unanswered ping may wait before the frame counts as dead. */
const PING_MS = 1000;
const DEAD_AFTER_MS = 6000;
/** After the frame's load event, how long its ready message may take (else it is not our document). */
const READY_AFTER_LOAD_MS = 3000;
const READY_TIMEOUT_MS = 60_000;

/** What the page learns about the kernel's frame. */
export interface KernelHostEvents {
  /** The frame's process stopped answering (it crashed, most likely out of memory); a new frame is on its way. */
  onCrash?(message: string): void;
  /** The frame from the other site could not be loaded: kernels run in a srcdoc frame from now on. */
  onFallback?(reason: string): void;
}

export interface KernelHost {
  spawn: SpawnWorker;
  /** The current frame (replaced after a crash). */
  readonly frame: HTMLIFrameElement | null;
  /** The current frame is sandbox.html from another site (its own process), not a srcdoc frame. */
  readonly isolated: boolean;
}

/** What a kernel worker starts from: its code and the files it fetches (the engine's .wasm, data). */
interface KernelBundle {
  code: string;
  files: Record<string, ArrayBuffer>;
}

let bundle: Promise<KernelBundle> | null = null;

// The kernel bundle (one self-contained module, see vite.config.ts `worker`), prepared to run as a
// classic worker made from a blob in the frame: `import.meta.url` becomes the real URL, so the
// asset URLs it builds are the real ones, and the worker's fetch answers them with these bytes.
function loadBundle(): Promise<KernelBundle> {
  bundle ??= (async () => {
    const url = new URL(kernelWorkerUrl, location.href).href;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`the kernel script: HTTP ${res.status}`);
    const source = await res.text();
    if (/^\s*(import|export)\s*[{*"'\w]/m.test(source)) throw new Error('the kernel bundle is not self-contained (it has import/export statements)');
    const code = source.replaceAll('import.meta.url', JSON.stringify(url));
    const files: Record<string, ArrayBuffer> = {};
    // Files the kernel builds URLs for, handed over with it: the engines' .wasm, the threaded
    // engine's glue .js and the small .json data sets. Large data (.bin: the digits) is fetched by
    // the kernel only when a notebook uses it.
    const assets = new Set(
      [...code.matchAll(/new URL\(\s*[`'"]([^`'"$]+\.(?:wasm|json)|[^`'"$/]*tensorpad_core_mt[^`'"$/]*\.js)[`'"]\s*,\s*"[^"]*"\s*\)/g)].map((m) => new URL(m[1]!, url).href),
    );
    await Promise.all(
      [...assets].map(async (a) => {
        try {
          const r = await fetch(a);
          if (r.ok) files[a] = await r.arrayBuffer();
        } catch {
          // not available (a data file the build did not copy): the worker fetches it itself
        }
      }),
    );
    return { code, files };
  })();
  bundle.catch(() => (bundle = null));
  return bundle;
}


// The sandboxed frame is another agent cluster than the page (even when both are cross-origin
// isolated), and a message carrying a SharedArrayBuffer does not reach it at all (a messageerror
// there): the runtime's shared interrupt flag stays behind, and Stop reaches the kernel as a message.
function withoutSharedMemory(data: unknown): unknown {
  if (typeof SharedArrayBuffer === 'undefined' || typeof data !== 'object' || data === null) return data;
  const entries = Object.entries(data);
  if (!entries.some(([, v]) => v instanceof SharedArrayBuffer)) return data;
  return Object.fromEntries(entries.filter(([, v]) => !(v instanceof SharedArrayBuffer)));
}

/** One frame and the port to its relay. */
interface Connection {
  frame: HTMLIFrameElement;
  port: MessagePort;
  isolated: boolean;
  dead: boolean;
  stop(): void;
}

/** Adds a sandbox frame (from `url`, or srcdoc when null) to `parent`; resolves once it listens. */
function openFrame(parent: HTMLElement, url: URL | null): Promise<{ frame: HTMLIFrameElement; port: MessagePort }> {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  // In a cross-origin isolated page the frame (and its kernel worker) may be isolated too, which
  // gives the kernel SharedArrayBuffer and so the threaded engine: every core for notebook cells.
  frame.setAttribute('allow', 'cross-origin-isolated');
  frame.setAttribute('aria-hidden', 'true');
  frame.title = 'notebook kernel';
  frame.className = 'kernel-frame';
  frame.hidden = true;
  if (url) frame.src = url.href;
  else frame.srcdoc = SANDBOX_DOCUMENT;
  return new Promise((resolve, reject) => {
    let lateTimer: ReturnType<typeof setTimeout> | 0 = 0;
    const done = (error: string | null): void => {
      window.removeEventListener('message', onMessage);
      frame.removeEventListener('load', onLoad);
      clearTimeout(timeout);
      if (lateTimer) clearTimeout(lateTimer);
      if (error === null) {
        const channel = new MessageChannel();
        frame.contentWindow!.postMessage({ tp: 'connect' }, '*', [channel.port2]);
        resolve({ frame, port: channel.port1 });
      } else {
        frame.remove();
        reject(new Error(error));
      }
    };
    const onMessage = (e: MessageEvent): void => {
      // The frame's origin reads "null": trust the source window, never the origin string.
      if (e.source === frame.contentWindow && (e.data as { tp?: string })?.tp === 'sandbox-ready') done(null);
    };
    // A document that failed to load (offline, HTTP error, not our page) still fires load.
    const onLoad = (): void => {
      lateTimer ||= setTimeout(() => done(`${url?.href ?? 'the kernel frame'} loaded but did not start the kernel relay`), READY_AFTER_LOAD_MS);
    };
    const timeout = setTimeout(() => done(`${url?.href ?? 'the kernel frame'} did not load in ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    window.addEventListener('message', onMessage);
    frame.addEventListener('load', onLoad);
    parent.append(frame);
  });
}

/**
 * Starts the kernel frame where `placement` says and returns the runtime's spawn function for it.
 * Kernels of a frame that dies are reported with `error`, and the next spawn gets a new frame.
 */
export async function createKernelHost(placement: KernelPlacement, events: KernelHostEvents = {}, parent: HTMLElement = document.body): Promise<KernelHost> {
  let url = placement.url;
  let latest: Connection | null = null;
  const handlers = new Map<number, { events: WorkerEvents; conn: Connection | null; queue: [unknown, Transferable[]][] }>();

  const connect = async (): Promise<Connection> => {
    let opened: { frame: HTMLIFrameElement; port: MessagePort };
    try {
      opened = await openFrame(parent, url);
    } catch (e) {
      if (!url) throw e;
      const reason = `${e instanceof Error ? e.message : String(e)}; the kernel runs in a srcdoc frame instead`;
      console.warn(`tensorpad: ${reason}`);
      url = null;
      events.onFallback?.(reason);
      opened = await openFrame(parent, null);
    }
    const conn: Connection = { ...opened, isolated: url !== null, dead: false, stop: () => undefined };
    // The heartbeat. Ticks that come late mean the page itself was paused (a sleeping laptop, a
    // throttled background tab): the wait starts over rather than blaming the frame.
    let waiting = false;
    let sentAt = 0;
    let lastTick = performance.now();
    let n = 0;
    conn.port.onmessage = (e) => {
      const msg = e.data as { kind: string; gen: number; n?: number; data?: unknown; message?: string };
      if (msg.kind === 'pong') {
        if (msg.n === n) waiting = false;
        return;
      }
      const h = handlers.get(msg.gen);
      if (!h || h.conn !== conn) return;
      if (msg.kind === 'message') h.events.message(msg.data);
      else if (msg.kind === 'error') h.events.error(msg.message ?? 'the kernel failed');
    };
    const timer = setInterval(() => {
      const now = performance.now();
      if (now - lastTick > 3 * PING_MS) waiting = false;
      lastTick = now;
      if (!waiting) {
        waiting = true;
        sentAt = now;
        conn.port.postMessage({ kind: 'ping', n: ++n });
      } else if (now - sentAt > DEAD_AFTER_MS) died(conn);
    }, PING_MS);
    conn.stop = () => clearInterval(timer);
    latest = conn;
    return conn;
  };

  let current = connect();

  const died = (conn: Connection): void => {
    if (conn.dead) return;
    conn.dead = true;
    conn.stop();
    conn.port.close();
    conn.frame.remove();
    current = connect();
    const message = `the kernel stopped answering: its process crashed (most likely the code used up all the memory it may have)`;
    events.onCrash?.(message);
    for (const [gen, h] of [...handlers])
      if (h.conn === conn) {
        handlers.delete(gen);
        h.events.error(message);
      }
  };

  /** The live connection, waiting for a new frame if the one asked for has died meanwhile. */
  const live = async (): Promise<Connection> => {
    let c = await current;
    while (c.dead) c = await current;
    return c;
  };

  let nextGen = 1;
  const spawn: SpawnWorker = (workerEvents) => {
    const gen = nextGen++;
    const h = { events: workerEvents, conn: null as Connection | null, queue: [] as [unknown, Transferable[]][] };
    handlers.set(gen, h);
    let terminated = false;
    const start = async (): Promise<void> => {
      const conn = await live();
      let msg: object;
      let transfer: Transferable[] = [];
      if (import.meta.env.DEV) msg = { kind: 'spawn', gen, url: new URL(kernelWorkerUrl, location.href).href };
      else {
        const { code, files } = await loadBundle();
        // Copies of the bytes: the cached ones serve the next kernel.
        const copies = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.slice(0)]));
        msg = { kind: 'spawn', gen, code, files: copies };
        transfer = Object.values(copies);
      }
      if (terminated) return;
      if (conn.dead) return start();
      h.conn = conn;
      conn.port.postMessage(msg, transfer);
      for (const [data, t] of h.queue.splice(0)) conn.port.postMessage({ kind: 'post', gen, data }, t);
    };
    start().catch((e: unknown) => {
      if (!terminated) workerEvents.error(`could not load the kernel: ${e instanceof Error ? e.message : String(e)}`);
    });
    return {
      post: (message, transfer) => {
        const data = withoutSharedMemory(message);
        if (h.conn) h.conn.port.postMessage({ kind: 'post', gen, data }, transfer ?? []);
        else h.queue.push([data, transfer ?? []]);
      },
      terminate: () => {
        terminated = true;
        handlers.delete(gen);
        if (h.conn && !h.conn.dead) h.conn.port.postMessage({ kind: 'terminate', gen });
      },
    };
  };

  await current;
  return {
    spawn,
    get frame() {
      return latest && !latest.dead ? latest.frame : null;
    },
    get isolated() {
      return latest?.isolated ?? false;
    },
  };
}
