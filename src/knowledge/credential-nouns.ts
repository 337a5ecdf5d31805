import { words } from "./secret-names.js";

/** How a message names a credential that has no well-known format, from the name it is assigned to. */
export function nounFor(name: string): string {
  const list = words(name);
  const text = ` ${list.join(" ")} `;
  const joined = list.join("");
  if (list.some((w) => /^(pass|pwd|passphrase)$/.test(w) || /password|passwd/.test(w))) return "password";
  if (/ private key |privatekey/.test(text)) return "private key";
  if (/ api key |apikey/.test(text)) return "API key";
  if (/ secret key |secretkey/.test(text)) return "secret key";
  if (/ access key |accesskey/.test(text)) return "access key";
  if (joined.includes("token")) return "token";
  if (/ client secret |clientsecret/.test(text)) return "client secret";
  if (joined.includes("secret")) return "secret";
  if (/ connection string |connstr| dsn /.test(text)) return "connection string";
  if (list.some((w) => w === "key" || w.endsWith("key"))) return "key";
  return "credential";
}
