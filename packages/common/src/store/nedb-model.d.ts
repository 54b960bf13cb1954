/** nedb's document serialiser (4.x), which its persistence appends to a collection's file. */
declare module '@seald-io/nedb/lib/model' {
  export function serialize(doc: unknown): string;
}
