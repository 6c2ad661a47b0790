/** Formatting helpers shared by the pages. */
export function fmtNum(n: number): string {
  return n.toLocaleString('en-US');
}

export function fmtDate(d: string | null | undefined): string {
  return d ?? 'undated';
}

export function fmtTime(d: Date): string {
  return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** A section path for display: "一、… › （三）…". */
export function fmtPath(path: string[]): string {
  return path.join(' › ');
}
