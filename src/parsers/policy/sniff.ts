/**
 * Cheap text tests for IAM policy documents, with no parser behind them: used before parsing (a broken file that is
 * not a policy is not reported as an error) and to classify files whose name says nothing (`admin-policy`, `policy.txt`).
 */

/** A policy document, or an IAM API response that holds some (`get-policy-version`, `get-account-authorization-details`). */
export function looksLikePolicy(text: string): boolean {
  return (
    (/["']?Statement["']?\s*:/.test(text) && /["']?(Effect|Action)["']?\s*:/.test(text)) ||
    /"(PolicyVersion|UserDetailList|RoleDetailList|GroupDetailList)"\s*:/.test(text)
  );
}

/** Up to this size a file without a recognised extension is looked at for a JSON policy; bigger ones are read as text. */
export const SNIFFED_POLICY_SIZE = 256 * 1024;

/** A small text file that holds a JSON policy document or IAM API response, whatever its name. */
export function isJsonPolicyText(text: string): boolean {
  return text.length <= SNIFFED_POLICY_SIZE && /^\s*\{/.test(text) && looksLikePolicy(text);
}
