import { SecretsManagerClient, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { db } from "./db.js";

const client = new SecretsManagerClient({});
let paymentsKey: Promise<string> | undefined;

// Fetched once per execution environment, then reused.
async function paymentsApiKey(): Promise<string> {
  paymentsKey ??= client
    .send(new GetSecretValueCommand({ SecretId: "prod/orders/payments-api" }))
    .then((secret) => JSON.parse(secret.SecretString ?? "{}").apiKey as string);
  return paymentsKey;
}

export const handler = async (event: { orderId: string }) => {
  const pool = await db();
  return charge(await paymentsApiKey(), await pool.query("select * from orders where id = $1", [event.orderId]));
};

declare function charge(apiKey: string, order: unknown): Promise<void>;
