/**
 * `alias/aws/secretsmanager`, `aws/secretsmanager`, or an alias ARN ending in `:alias/aws/secretsmanager` (also one
 * built with `Fn::Sub`, whose unresolved `${AWS::Region}`-style placeholders contain colons of their own).
 */
export function isAwsManagedSecretsKey(keyId: string): boolean {
  return /^(?:(?:arn:.*:)?alias\/)?aws\/secretsmanager$/i.test(keyId.trim());
}
