// Entry of a runtime's worker: a browser (module) Worker or a Node worker_threads Worker. It loads
// tensorpad (its own engine instance) and serves the host's run/interrupt messages. Apps that start
// their own worker import it as 'tensorpad/worker' (see RuntimeOptions.worker).
import { platform } from '#platform';
import * as tp from '../index.js';
import { startKernel, type KernelPort } from './kernel.js';
import type { FromKernel, ToKernel } from './protocol.js';

function hostPort(): KernelPort {
  const parent = platform.workerThreads?.parentPort;
  if (parent) {
    return {
      post: (message: FromKernel, transfer?: Transferable[]) => parent.postMessage(message, transfer),
      listen: (handler) => parent.on('message', (m) => handler(m as ToKernel)),
    };
  }
  const scope = globalThis as unknown as {
    postMessage(message: unknown, transfer?: Transferable[]): void;
    addEventListener(type: 'message', handler: (e: MessageEvent) => void): void;
  };
  return {
    post: (message: FromKernel, transfer?: Transferable[]) => scope.postMessage(message, transfer ?? []),
    listen: (handler) => scope.addEventListener('message', (e) => handler(e.data as ToKernel)),
  };
}

const port = hostPort();
tp.ready().then(
  () => startKernel(port, tp as unknown as Record<string, unknown>),
  (e: unknown) => port.post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) }),
);
