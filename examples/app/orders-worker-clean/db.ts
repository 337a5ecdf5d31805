// The same worker done right: the database password comes from Secrets Manager, read once and cached.
import { Pool } from "pg";
import { getSecret } from "@aws-lambda-powertools/parameters/secrets";

interface DbSecret {
  username: string;
  password: string;
}

let pool: Pool | undefined;

export async function db(): Promise<Pool> {
  if (!pool) {
    const secret = await getSecret<DbSecret>("prod/orders/db", { transform: "json", maxAge: 300 });
    pool = new Pool({ host: "orders-db.internal", user: secret?.username, password: secret?.password });
  }
  return pool;
}

// Names that mention a password are not passwords.
export const PASSWORD_MIN_LENGTH = 16;
export const isPasswordField = (name: string) => name === "password";
