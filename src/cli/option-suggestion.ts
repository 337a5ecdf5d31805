import { didYouMean } from "../knowledge/did-you-mean.js";

/**
 * node:util's "Unknown option '--formt'" with the closest documented option: "Unknown option '--formt'; did you mean
 * --format?". The candidates are the long options the help text documents, so that the suggestion is always one the
 * user can look up.
 */
export function withOptionSuggestion(message: string, help: string): string {
  const unknown = /^Unknown option '--([^'=]+)/.exec(message)?.[1];
  if (unknown === undefined) return message;
  const documented = [...new Set([...help.matchAll(/(?:^|[\s,])--([a-z][a-z-]*)/g)].map((match) => match[1] ?? ""))];
  const suggestion = didYouMean(unknown, documented);
  return suggestion === undefined ? message : `${message}; did you mean --${suggestion}?`;
}
