/**
 * Calls that wrap a literal as a secret value, whatever the name it is then assigned to: the AWS CDK's
 * `SecretValue.unsafePlainText("...")`, `SecretValue.plainText("...")` (deprecated) and `new SecretValue("...")`, in
 * each language the CDK is written in (Python `SecretValue.unsafe_plain_text`, C# `SecretValue.UnsafePlainText`, a
 * Python constructor without `new`). The literal is a credential by what the call is for.
 */

/** `SecretValue.unsafePlainText`, `cdk.SecretValue.unsafe_plain_text`, `core.SecretValue.PlainText`. */
const FACTORY = /(?:^|\.)\s*SecretValue\s*\.\s*((?:unsafe_?)?plain_?text)$/i;
/** `new SecretValue`, `new cdk.SecretValue`; a Python constructor call has no `new`. */
const CONSTRUCTOR = /^(?:new\s+)?(?:[A-Za-z_$][\w$]*\s*\.\s*)*SecretValue$/;

/**
 * The name a literal wrapped by the call is reported under (`SecretValue.unsafePlainText`, `SecretValue`), given the
 * callee as written before its argument list (`new cdk.SecretValue`, `SecretValue.unsafe_plain_text`); undefined for
 * any other call. Anchored patterns over a callee's text, a few dozen characters.
 */
export function secretValueWrapper(callee: string): string | undefined {
  const text = callee.trim();
  const factory = FACTORY.exec(text);
  if (factory) return `SecretValue.${factory[1] as string}`;
  return CONSTRUCTOR.test(text) ? "SecretValue" : undefined;
}

/** The prefilter's view: a wrapping call with a string literal as its first argument, in any of the languages. */
export const SECRET_VALUE_CALL = /SecretValue\s*(?:\.\s*(?:unsafe_?)?plain_?text\s*)?\(\s*[rbuRBU@$]?["'`]/i;
