# The same reporting module, done right: secretwarden reports nothing here.

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "reports" {
  description         = "Encrypts the reporting secrets"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministration"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_secretsmanager_secret" "exports" {
  name       = "prod/reports/exports/signing-key"
  kms_key_id = aws_kms_key.reports.arn
}

resource "aws_secretsmanager_secret_rotation" "exports" {
  secret_id           = aws_secretsmanager_secret.exports.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate-signing-key"
  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_db_instance" "warehouse" {
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  username                    = "reports"
  manage_master_user_password = true
}

resource "aws_lambda_function" "exporter" {
  function_name = "report-exporter-v2"
  role          = aws_iam_role.exporter.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "exporter.zip"
  environment {
    variables = {
      SIGNING_KEY_SECRET_ARN = aws_secretsmanager_secret.exports.arn
    }
  }
}

resource "aws_iam_role" "exporter" {
  name = "report-exporter-v2"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "exporter" {
  role = aws_iam_role.exporter.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = aws_secretsmanager_secret.exports.arn },
      { Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_key.reports.arn },
    ]
  })
}

resource "aws_cloudtrail" "audit" {
  name                          = "account-audit"
  s3_bucket_name                = "audit-logs-111122223333"
  is_multi_region_trail         = true
  enable_log_file_validation    = true
}
