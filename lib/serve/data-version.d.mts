export function sqliteFile(url: string): string;
export function openDataVersion(url?: string): Promise<{ current(): Promise<string | null>; close(): void | Promise<void> }>;
