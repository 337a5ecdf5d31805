# Settings of the legacy billing job (Ruby): secrets come from the environment the deployment fills from Secrets Manager.
Billing.configure do |config|
  config.ledger_url = "https://ledger.internal.example.com"
  config.api_token = ENV.fetch("BILLING_API_TOKEN")
end

LEDGER = Ledger::Client.new(user: "billing", password: ENV.fetch("LEDGER_PASSWORD"))
