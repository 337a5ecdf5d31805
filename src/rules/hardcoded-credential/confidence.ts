/**
 * How sure a credential finding without a well-known format is. A format match carries its detector's confidence;
 * this decides for the values that are credentials only because of where they are or the name they are under.
 */
import type { Confidence } from "../../core/finding.js";
import { keywordConfidence } from "../../knowledge/value-shape.js";

/**
 * - `property`: the value of a credential property (`MasterUserPassword`, `AuthToken`) is a credential whatever it
 *   looks like: `medium`;
 * - `name`: a literal under a secret-like name is judged by `keywordConfidence` (medium under a password name or for a
 *   random-looking value, low for words or a value that spells its name).
 */
export function genericConfidence(basis: "property" | "name", name: string, value: string): Confidence {
  return basis === "property" ? "medium" : keywordConfidence(name, value);
}
