/** See context-repo.mjs. */
export function generateContextRepo(dir: string, options?: { files?: number; trail?: boolean }): string[];
