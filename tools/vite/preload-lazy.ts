import type { HtmlTagDescriptor, Plugin } from 'vite';

export interface TPreloadLazyOptions {
  /** The app's base (`/admin/`, `/kiosk/`): the links' prefix. */
  base: string;
  /** Per HTML page (`index.html`, `public.html`), the modules it imports lazily that it should ask for early. */
  pages: Record<string, readonly string[]>;
  /** The links' priority: `low` where the first paint must not wait for them. */
  fetchpriority?: 'high' | 'low' | 'auto';
}

/**
 * The modules an HTML page's entry imports lazily, with every chunk they import and their
 * stylesheets, asked for by the page beside its entry: else the browser learns of them only once the
 * entry has run, one round trip later each on a phone's network (docs/PERFORMANCE.md, Pages). They
 * are linked as `modulepreload` and style `preload` (preloaded, not applied); what the entry imports
 * statically Vite links already. One plugin for the console (apps/admin) and the kiosk (apps/kiosk).
 */
export function preloadLazy({ base, pages, fetchpriority = 'auto' }: TPreloadLazyOptions): Plugin {
  return {
    name: 'learnweek:preload-lazy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk: entry, path: page }) {
        const lazy = pages[page.replace(/^\//, '')];
        if (!lazy) throw new Error(`preloadLazy: no list for ${page}`);
        const chunks = Object.values(bundle ?? {}).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const byName = new Map(chunks.map((c) => [c.fileName, c]));
        /** Chunks with every chunk they import, and their stylesheets. */
        const closure = (from: string[]) => {
          const files = new Set<string>();
          const css = new Set<string>();
          const visit = (fileName: string) => {
            const chunk = byName.get(fileName);
            if (!chunk || files.has(fileName)) return;
            files.add(fileName);
            chunk.viteMetadata?.importedCss.forEach((f) => css.add(f));
            chunk.imports.forEach(visit);
          };
          from.forEach(visit);
          return { files, css };
        };
        const rootOf = (m: string) => {
          const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(m));
          if (!chunk) throw new Error(`preloadLazy: no chunk for ${m}`);
          return chunk.fileName;
        };
        const linked = closure(entry ? [entry.fileName] : []);
        const wanted = closure(lazy.map(rootOf));
        // crossorigin as Vite's loader asks for it, so that its <link rel=stylesheet> takes this response
        const link = (attrs: HtmlTagDescriptor['attrs']): HtmlTagDescriptor => ({
          tag: 'link',
          attrs: { ...attrs, crossorigin: true, fetchpriority },
          injectTo: 'head',
        });
        return [
          ...[...wanted.files].filter((f) => !linked.files.has(f)).map((f) => link({ rel: 'modulepreload', href: `${base}${f}` })),
          ...[...wanted.css].filter((f) => !linked.css.has(f)).map((f) => link({ rel: 'preload', as: 'style', href: `${base}${f}` })),
        ];
      },
    },
  };
}
