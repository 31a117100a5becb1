/** A double-quoted SQL identifier (inner quotes doubled); every name interpolated into SQL comes from code, never from input. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
