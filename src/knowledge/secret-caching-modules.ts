/**
 * Modules that cache secret values for the caller: the AWS caching clients (`aws-secretsmanager-caching` for Python,
 * `aws-secretsmanager-caching-*` ports) and Powertools for AWS Lambda parameters. A file that imports one is assumed
 * to read through it; a direct `GetSecretValue` call beside it is not reported.
 */
export const CACHING_MODULES = [
  /^aws_secretsmanager_caching(\.|$)/,
  /^aws-secretsmanager-caching/,
  /^@aws-lambda-powertools\/parameters(\/|$)/,
  /^aws_lambda_powertools(\.utilities(\.parameters)?)?$/,
  /^aws_lambda_powertools\.utilities\.parameters/,
];
