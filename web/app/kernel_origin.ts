// Where the kernel frame comes from. Chromium gives a frame its own process when its site
// (scheme + registrable domain; the port does not count) differs from the page's: served from
// another site, the kernel frame can run out of memory and crash without taking the page along.
//
// The setting is <meta name="tensorpad-kernel-url" content="..."> in index.html (filled from
// TP_KERNEL_URL at build time, see vite.config.ts, or edited in the built file):
//   a URL        the app's folder on another site (e.g. https://tensorpad-kernel.example/app/),
//                which serves the same build; the frame is its sandbox.html
//   "inline"     no separate site: the frame is a srcdoc document in the page's process
//   empty        on a loopback host the other loopback name (localhost <-> 127.0.0.1, the same
//                server and port, a different site); anywhere else "inline"

export const KERNEL_URL_META = 'tensorpad-kernel-url';

export interface KernelPlacement {
  /** sandbox.html on another site, or null: a srcdoc frame in the page's own process. */
  url: URL | null;
  /** What decided it, in words for the console and the tests. */
  why: string;
}

const OTHER_LOOPBACK: Record<string, string> = { localhost: '127.0.0.1', '127.0.0.1': 'localhost', '[::1]': 'localhost' };

/** Decides where the kernel frame comes from, for a page at `pageUrl` and the meta setting. */
export function kernelPlacement(pageUrl: string, setting: string | null | undefined): KernelPlacement {
  const value = (setting ?? '').trim();
  if (value === 'inline') return { url: null, why: `${KERNEL_URL_META} is "inline"` };
  if (value !== '') {
    let base: URL;
    try {
      base = new URL(value, pageUrl);
    } catch {
      return { url: null, why: `${KERNEL_URL_META} "${value}" is not a URL` };
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') return { url: null, why: `${KERNEL_URL_META} "${value}" is not an http(s) URL` };
    const url = base.pathname.endsWith('.html') ? base : new URL('sandbox.html', base.href.endsWith('/') ? base : `${base.href}/`);
    return { url, why: `configured by ${KERNEL_URL_META}` };
  }
  const page = new URL(pageUrl);
  const other = OTHER_LOOPBACK[page.hostname];
  if (!other || (page.protocol !== 'http:' && page.protocol !== 'https:')) return { url: null, why: `no ${KERNEL_URL_META} set and ${page.hostname} is not a loopback host` };
  const url = new URL('sandbox.html', page);
  url.hostname = other;
  return { url, why: `the other loopback name of ${page.hostname}` };
}

/** The setting in this document (empty when absent). */
export function kernelUrlSetting(doc: Document = document): string {
  return doc.querySelector<HTMLMetaElement>(`meta[name="${KERNEL_URL_META}"]`)?.content ?? '';
}
