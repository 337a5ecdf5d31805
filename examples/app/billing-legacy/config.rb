# Settings of the legacy billing job (Ruby).
Billing.configure do |config|
  config.ledger_url = "https://ledger.internal.example.com"
  config.api_token = "bl-7Qx2-Fz9L-pW4e"
end

LEDGER = Ledger::Client.new(user: "billing", password: "Ledg3r!Spring-2024")
