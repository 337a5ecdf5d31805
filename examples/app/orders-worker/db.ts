// Everything wrong: credentials written into the code and configuration of the orders worker.
import { Pool } from "pg";

export const pool = new Pool({
  host: "orders-db.internal",
  user: "orders",
  password: "Orders-Db-2024!",
});

export const REPORTING_URL = "postgres://reporting:Rep0rting-Pw-77@reporting-db.internal:5432/reporting";
