import boto3
import requests

SMTP_PASSWORD = "Smtp-Relay-2024#"
client = boto3.client("secretsmanager")


def webhook_token():
    return client.get_secret_value(SecretId="prod/orders/webhook")["SecretString"]


def lambda_handler(event, context):
    requests.post(event["url"], headers={"Authorization": f"Bearer {webhook_token()}"}, timeout=5)
