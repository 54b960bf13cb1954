import { UNDERSTOOD_EXTENSIONS } from './terminology';

export interface ExtensionUse {
  /** Extensions this system does not read, by URL: ignored, and counted so the sender can see. */
  ignored: Map<string, number>;
  /** Where modifier extensions are: one not understood changes the meaning, so it cannot be ignored. */
  modifiers: { location: string; url: string }[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Walks a resource (contained resources and primitive `_element` extensions included). */
export function extensionUse(resource: unknown, root: string): ExtensionUse {
  const use: ExtensionUse = { ignored: new Map(), modifiers: [] };
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`));
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (key === 'modifierExtension' && Array.isArray(child)) {
        for (const ext of child) {
          const url = isObject(ext) && typeof ext.url === 'string' ? ext.url : '(no url)';
          if (!UNDERSTOOD_EXTENSIONS.has(url)) use.modifiers.push({ location: at, url });
        }
      } else if (key === 'extension' && Array.isArray(child)) {
        // A complex extension's parts belong to it: only the outer URL is counted.
        for (const ext of child) {
          const url = isObject(ext) && typeof ext.url === 'string' ? ext.url : '(no url)';
          if (!UNDERSTOOD_EXTENSIONS.has(url)) use.ignored.set(url, (use.ignored.get(url) ?? 0) + 1);
        }
      } else {
        walk(child, at);
      }
    }
  };
  walk(resource, root);
  return use;
}
