// Notebooks in a URL fragment (never sent to a server):
//
//   #nb=v1.<base64url(deflate-raw(UTF-8 JSON))>     JSON: { "title": string, "cells": [["c"|"m", source], ...] }
//
// The compact JSON keeps links short (chat apps cut links near 2,000 characters). Decoding checks
// the version, caps the link and the decompressed size (a deflate bomb stops at the cap) and
// validates every cell before anything is shown.
import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate';
import { checkCells, type Cell, NotebookFormatError } from './notebook.ts';

export const SHARE_VERSION = 'v1';
/** Links longer than this get a warning and the offer of an .ipynb download instead. */
export const WARN_LINK_CHARS = 2000;
/** Longest fragment payload read at all. */
export const MAX_PAYLOAD_CHARS = 1_000_000;
/** Largest decompressed notebook JSON accepted. */
export const MAX_JSON_BYTES = 4_000_000;

export class ShareLinkError extends Error {
  override name = 'ShareLinkError';
}

export interface SharedNotebook {
  title: string;
  cells: Cell[];
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ShareLinkError('the link is damaged (characters that base64url does not use)');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new ShareLinkError('the link is damaged (not base64url)');
  }
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The fragment payload ("v1.…") of a notebook. */
export function encodeNotebook(nb: SharedNotebook): string {
  const json = JSON.stringify({ title: nb.title, cells: nb.cells.map((c) => [c.type === 'code' ? 'c' : 'm', c.source]) });
  return `${SHARE_VERSION}.${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`;
}

/** Inflates at most `cap` bytes; throws past it without inflating the rest. */
function inflateCapped(data: Uint8Array, cap: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const inflate = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > cap) throw new ShareLinkError(`the notebook in the link is too large once decompressed (over ${cap / 1e6} MB)`);
    chunks.push(chunk);
    if (final) done = true;
  });
  try {
    for (let i = 0; i < data.length; i += 1024) inflate.push(data.subarray(i, i + 1024), i + 1024 >= data.length);
  } catch (e) {
    if (e instanceof ShareLinkError) throw e;
    throw new ShareLinkError(`the link is damaged (its data does not decompress: ${e instanceof Error ? e.message : String(e)})`);
  }
  if (!done) throw new ShareLinkError('the link is damaged (its data ends early; was it cut off?)');
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Reads a fragment payload ("v1.…"); throws ShareLinkError with a message for people. */
export function decodeNotebook(payload: string): SharedNotebook {
  const dot = payload.indexOf('.');
  const version = dot < 0 ? '' : payload.slice(0, dot);
  if (!/^v\d+$/.test(version)) throw new ShareLinkError('the link is damaged (no version tag)');
  if (version !== SHARE_VERSION) throw new ShareLinkError(`the link was made by a newer tensorpad (format ${version}; this page reads ${SHARE_VERSION})`);
  const body = payload.slice(dot + 1);
  if (body.length > MAX_PAYLOAD_CHARS) throw new ShareLinkError(`the link is too long (${body.length} characters; at most ${MAX_PAYLOAD_CHARS})`);
  const bytes = inflateCapped(fromBase64Url(body), MAX_JSON_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(bytes));
  } catch {
    throw new ShareLinkError('the link is damaged (its notebook is not valid JSON)');
  }
  const nb = json as { title?: unknown; cells?: unknown };
  if (typeof nb !== 'object' || nb === null || !Array.isArray(nb.cells)) throw new ShareLinkError('the link holds no notebook');
  let cells: Cell[];
  try {
    cells = checkCells(
      nb.cells.map((c: unknown) => {
        if (!Array.isArray(c) || c.length !== 2) throw new NotebookFormatError('a cell is not a [type, source] pair');
        return { type: c[0] === 'c' ? 'code' : c[0] === 'm' ? 'markdown' : c[0], source: c[1] };
      }),
    );
  } catch (e) {
    throw new ShareLinkError(`the link's notebook is invalid: ${e instanceof Error ? e.message : String(e)}`);
  }
  const title = typeof nb.title === 'string' && nb.title.trim() ? nb.title.slice(0, 200) : 'Shared notebook';
  return { title, cells };
}

/** A full link to `base` (the page URL) with the notebook in its fragment. */
export function shareUrl(base: string, nb: SharedNotebook): string {
  const url = new URL(base);
  url.hash = `nb=${encodeNotebook(nb)}`;
  return url.href;
}
