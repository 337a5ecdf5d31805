/**
 * Credential formats of messaging, commerce, productivity and social platforms.
 */
import { providerDetector, token, mixedCase, hasDigit, hasLetter, UUID_SOURCE } from "./provider-detector.js";

// ---------------------------------------------------------------------------------------------------------------
// Messaging and communication

/** A Discord bot token: base64 of the bot's numeric id, a timestamp, an HMAC. */
export const discordBot = providerDetector(
  "discord-bot-token",
  "Discord bot token",
  "`[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.([A-Za-z0-9_-]{27}|[A-Za-z0-9_-]{38})`; high confidence when the first part decodes to a numeric user id",
  [
    {
      regex: token(
        "[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.(?:[A-Za-z0-9_-]{38}|[A-Za-z0-9_-]{27})",
        "A-Za-z0-9_.-",
      ),
      confidence: (v) =>
        /^\d{17,20}$/.test(Buffer.from(v.slice(0, v.indexOf(".")), "base64url").toString("latin1")) ? "high" : "medium",
      accept: (v) => mixedCase(2)(v),
    },
  ],
);

export const discord = providerDetector(
  "discord-credential",
  "Discord client credential",
  "after `discord`: an 18-digit client id, a 32-character client secret `[A-Za-z0-9_=-]{32}`, or a 64-hex API token",
  [
    { regex: token("[a-f0-9]{64}"), confidence: "medium", keyword: { source: "discord" }, accept: hasLetter },
    {
      regex: token("[A-Za-z0-9_=-]{32}", "A-Za-z0-9_=-"),
      confidence: "medium",
      keyword: { source: "discord" },
      accept: hasDigit,
    },
    { regex: token("[0-9]{18}"), confidence: "medium", keyword: { source: "discord" } },
  ],
);

export const telegram = providerDetector(
  "telegram-bot-token",
  "Telegram bot token",
  "`[0-9]{8,10}:AA[A-Za-z0-9_-]{33}` (bot id, `:`, secret); after `telegram`, also `[0-9]{5,16}:A[A-Za-z0-9_-]{34}` (medium confidence)",
  [
    { regex: token("[0-9]{8,10}:AA[A-Za-z0-9_-]{33}", "A-Za-z0-9_:-"), confidence: "high", requires: ":AA" },
    {
      regex: token("[0-9]{5,16}:A[A-Za-z0-9_-]{34}", "A-Za-z0-9_:-"),
      confidence: "medium",
      keyword: { source: "telegram" },
      requires: ":A",
    },
  ],
);

export const mailchimp = providerDetector(
  "mailchimp-key",
  "Mailchimp API key",
  "`[0-9a-f]{32}-us[0-9]{1,2}` (32 lower-case hex characters and the data center)",
  [{ regex: token("[0-9a-f]{32}-us[0-9]{1,2}"), confidence: "high", accept: hasLetter, requires: "-us" }],
);

export const teamsWebhook = providerDetector(
  "teams-webhook",
  "Microsoft Teams incoming webhook URL",
  "`https://<tenant>.webhook.office.com/webhookb2/<uuid>@<uuid>/IncomingWebhook/<32 alphanumerics>/<uuid>`",
  [
    {
      regex:
        /https:\/\/[a-z0-9-]{1,63}\.webhook\.office\.com\/webhookb2\/[a-z0-9-]{36}@[a-z0-9-]{36}\/IncomingWebhook\/[a-z0-9]{32}\/[a-z0-9-]{36}(?![A-Za-z0-9-])/gi,
      confidence: "high",
    },
  ],
);

export const messagebird = providerDetector(
  "messagebird-key",
  "MessageBird API key",
  "after `messagebird`/`message_bird`/`message-bird`: a 25-character `[A-Za-z0-9]` access key or a UUID client id",
  [
    {
      regex: token("[A-Za-z0-9]{25}"),
      confidence: "medium",
      keyword: { source: "message[_-]?bird" },
      accept: (v) => hasDigit(v) && hasLetter(v),
    },
    {
      regex: token(UUID_SOURCE),
      confidence: "medium",
      keyword: { source: "message[_-]?bird" },
    },
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Commerce, productivity and social

export const onePasswordSecretKey = providerDetector(
  "1password-secret-key",
  "1Password secret key",
  "`A3-[A-Z0-9]{6}-([A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}`, not a filler (`A3-XXXXXX-...`)",
  [
    {
      regex: token("A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}"),
      confidence: "high",
    },
  ],
);

export const onePasswordServiceAccount = providerDetector(
  "1password-service-account-token",
  "1Password service account token",
  "`ops_eyJ` then 250 or more base64 characters (a base64 JSON document)",
  [{ regex: token("ops_eyJ[A-Za-z0-9+/]{250,8192}={0,3}", "A-Za-z0-9+/=_"), confidence: "high" }],
);

export const notion = providerDetector(
  "notion-token",
  "Notion integration token",
  "`ntn_[0-9]{11}[A-Za-z0-9]{35}` with a letter in the tail",
  [{ regex: token("ntn_[0-9]{11}[A-Za-z0-9]{35}"), confidence: "high", accept: (v) => hasLetter(v.slice(15)) }],
);

export const facebook = providerDetector(
  "facebook-token",
  "Facebook access token",
  "`EAA[A-Z][A-Za-z0-9]{96,}` (user and page access tokens); `<15-16 digit app id>|<secret>` (app access token, medium confidence)",
  [
    { regex: token("EAA[A-Z][A-Za-z0-9]{96,1000}"), confidence: "high", accept: (v) => hasDigit(v) && mixedCase(8)(v) },
    {
      regex: token("[0-9]{15,16}(?:\\||%7C)[A-Za-z0-9_-]{27,40}", "A-Za-z0-9_|%-"),
      confidence: "medium",
      accept: (v) => hasLetter(v.replace(/^[0-9]+(?:\||%7C)/, "")),
    },
  ],
);

export const easypost = providerDetector(
  "easypost-key",
  "EasyPost API key",
  "`EZ[AT]K[A-Za-z0-9]{54}` (production and test keys), not inside a base64 string",
  [{ regex: token("EZ[AT]K[A-Za-z0-9]{54}", "A-Za-z0-9+/_-"), confidence: "high", accept: hasDigit }],
);

export const asana = providerDetector(
  "asana-credential",
  "Asana client credential",
  "after `asana`: a 16-digit client id or a 32-character client secret `[a-z0-9]{32}`",
  [
    { regex: token("[0-9]{16}"), confidence: "medium", keyword: { source: "asana" } },
    {
      regex: token("[a-z0-9]{32}"),
      confidence: "medium",
      keyword: { source: "asana" },
      accept: (v) => hasDigit(v) && hasLetter(v),
    },
  ],
);

export const intra42 = providerDetector("intra42-secret", "42 Intra client secret", "`s-s4t2(ud|af)-[a-f0-9]{64}`", [
  { regex: token("s-s4t2(?:ud|af)-[a-f0-9]{64}"), confidence: "high" },
]);

export const shopify = providerDetector(
  "shopify-token",
  "Shopify access token",
  "`shp(at|ca|pa|ss)_[A-Za-z0-9]{32,64}` (public, custom and private app access tokens, shared secrets)",
  [{ regex: token("shp(?:at|ca|pa|ss)_[A-Za-z0-9]{32,64}"), confidence: "high", accept: hasDigit }],
);

/** Sidekiq Pro/Enterprise gem server credentials, which Bundler reads from these environment variables. */
export const sidekiq = providerDetector(
  "sidekiq-secret",
  "Sidekiq Pro/Enterprise gem server credential",
  "`[a-f0-9]{8}:[a-f0-9]{8}` after `BUNDLE_ENTERPRISE__CONTRIBSYS__COM` or `BUNDLE_GEMS__CONTRIBSYS__COM`",
  [
    {
      regex: token("[a-f0-9]{8}:[a-f0-9]{8}", "A-Za-z0-9_:-"),
      confidence: "high",
      keyword: { source: "BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM" },
    },
  ],
);

export const hubspot = providerDetector("hubspot-key", "HubSpot API key", "a UUID after `hubspot`", [
  { regex: token(UUID_SOURCE), confidence: "medium", keyword: { source: "hubspot" } },
]);

export const adobe = providerDetector(
  "adobe-client-secret",
  "Adobe client secret",
  "`p8e-[A-Za-z0-9]{32}` with letters and digits",
  [
    {
      regex: token("p8e-[A-Za-z0-9]{32}"),
      confidence: "high",
      accept: (v) => hasDigit(v.slice(4)) && hasLetter(v.slice(4)),
    },
  ],
);
