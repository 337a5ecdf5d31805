/**
 * How a secret value appears in any output: its first four characters, then `****`. Values of four characters or
 * fewer show nothing of themselves. One function, so no reporter or rule can print more.
 */
export function mask(value: string): string {
  const visible = [...value].slice(0, 4).join("");
  return [...value].length > 4 ? `${visible}****` : "****";
}
