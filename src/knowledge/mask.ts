/**
 * How a secret value appears in any output: its first characters, then `****`. It shows a quarter of the value,
 * rounded to the nearest character and never more than four (`Ab****` for six characters, `AKIA****` for an access
 * key id), and nothing of a value of four characters or fewer: a short password with four of its characters shown
 * was two thirds revealed. One function, so no reporter or rule can print more.
 */
export function mask(value: string): string {
  const characters = [...value];
  if (characters.length <= 4) return "****";
  const visible = Math.min(4, Math.round(characters.length / 4));
  return `${characters.slice(0, visible).join("")}****`;
}
