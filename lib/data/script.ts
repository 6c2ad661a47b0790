import { cookies } from 'next/headers';
import { cache } from 'react';
import { hasTraditional, inScript, inScriptSameLength, type Script } from '@/lib/text/script';

/** The reader's choice of script, remembered in a cookie. */
export const SCRIPT_COOKIE = 'tifa-script';
export const SCRIPTS: readonly Script[] = ['original', 'simplified', 'traditional'];

export function parseScript(v: string | null | undefined): Script {
  return v === 'simplified' || v === 'traditional' ? v : 'original';
}

/** The reader's script, read once per request. */
export const getScript = cache(async (): Promise<Script> => {
  const jar = await cookies();
  return parseScript(jar.get(SCRIPT_COOKIE)?.value);
});

export type Lang = 'zh-Hans' | 'zh-Hant';

/** Renders Chinese text for one reader: conversion plus the right `lang`. */
export interface Zh {
  script: Script;
  /** The text in the reader's script (phrase-aware conversion). */
  t(text: string): string;
  /** Converted with the same length, so offsets computed on the original stay valid. */
  same(text: string): string;
  /** The lang of text as displayed. */
  lang(text: string): Lang;
}

export function zhFor(script: Script): Zh {
  const memo = new Map<string, string>();
  return {
    script,
    t(text) {
      if (script === 'original' || !text) return text;
      let v = memo.get(text);
      if (v === undefined) {
        v = inScript(text, script);
        memo.set(text, v);
      }
      return v;
    },
    same(text) {
      return inScriptSameLength(text, script);
    },
    lang(text) {
      if (script === 'simplified') return 'zh-Hans';
      if (script === 'traditional') return 'zh-Hant';
      return hasTraditional(text) ? 'zh-Hant' : 'zh-Hans';
    },
  };
}

export const getZh = cache(async (): Promise<Zh> => zhFor(await getScript()));
