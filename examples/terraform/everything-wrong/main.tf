# Legacy reporting module. Every rule of secretwarden that applies to Terraform fires here when the folder is scanned
# on its own: npx secretwarden examples/terraform/everything-wrong

variable "environment" {
  default = "prod"
}

resource "aws_kms_key" "reports" {
  description = "Encrypts report exports"
}

resource "aws_secretsmanager_secret" "warehouse" {
  name                    = "WarehouseCredentials"
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret_policy" "warehouse" {
  secret_arn = aws_secretsmanager_secret.warehouse.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}

resource "aws_secretsmanager_secret" "exports" {
  name       = "${var.environment}/reports/exports/signing-key"
  kms_key_id = aws_kms_key.reports.arn
}

resource "aws_secretsmanager_secret_rotation" "exports" {
  secret_id           = aws_secretsmanager_secret.exports.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate-signing-key"
  rotation_rules {
    schedule_expression = "cron(0 4 1 1/3 ? *)"
  }
}

resource "aws_db_instance" "warehouse" {
  engine         = "postgres"
  instance_class = "db.t4g.medium"
  username       = "reports"
  password       = "Tr0ub4dor&3-Horse!"
}

resource "aws_lambda_function" "exporter" {
  function_name = "report-exporter"
  role          = aws_iam_role.exporter.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "exporter.zip"
  environment {
    variables = {
      WAREHOUSE_PASSWORD = "Tr0ub4dor&3-Horse!"
    }
  }
}

resource "aws_iam_role" "exporter" {
  name = "report-exporter"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "exporter" {
  role = aws_iam_role.exporter.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "ssm:GetParameter*", Resource = "*" },
      { Effect = "Allow", Action = "secretsmanager:DescribeSecrt", Resource = aws_secretsmanager_secret.exports.arn },
      { Effect = "Allow", NotAction = ["iam:*"], Resource = "arn:aws:s3:::report-exports/*" },
    ]
  })
}
