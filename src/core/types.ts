/** Optional fields that may also be explicitly undefined (what zod's `.optional()` produces). */
export type Loose<T> = { [K in keyof T]?: T[K] | undefined };
