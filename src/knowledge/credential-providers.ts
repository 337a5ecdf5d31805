/**
 * Credential formats of SaaS providers (Hugging Face, Sentry, Vault, Discord...), as detectors for
 * `CREDENTIAL_DETECTORS`. Each follows the provider's documented token structure: a unique prefix and an exact
 * length are `high` confidence. Values that are plain hex, digits or base64 (client ids, Discord and Asana client
 * secrets, MessageBird keys...) are only credentials when the provider's name says so: in the name the value is
 * assigned to, or just before it on the same line (`MESSAGEBIRD_TOKEN="..."`, `"sonar.login" => "..."`); those are
 * `medium` unless the keyword itself is unmistakable.
 *
 * Fillers (`hf_xxxx...`, a run of one character, parts of one repeated character) and placeholders are never matches.
 * The detectors live by family (`providers-developer.ts`, `providers-cloud.ts`, `providers-apps.ts`), built with
 * `provider-detector.ts`; this module lists them in order.
 */
import type { CredentialDetector } from "./credential-detector.js";
import * as apps from "./providers-apps.js";
import * as cloud from "./providers-cloud.js";
import * as developer from "./providers-developer.js";

export { isFiller } from "./provider-detector.js";

/** In the order `CREDENTIAL_DETECTORS` lists them: where two overlap, the earlier one wins. */
export const PROVIDER_DETECTORS: readonly CredentialDetector[] = [
  apps.onePasswordServiceAccount,
  developer.sentry,
  cloud.flyio,
  apps.facebook,
  cloud.cloudflareOriginCa,
  cloud.terraformCloud,
  cloud.vault,
  apps.teamsWebhook,
  developer.huggingface,
  cloud.azureAdClientSecret,
  apps.onePasswordSecretKey,
  developer.sourcegraph,
  developer.sonar,
  cloud.openshift,
  apps.notion,
  apps.easypost,
  apps.discordBot,
  developer.newRelic,
  apps.intra42,
  apps.telegram,
  apps.mailchimp,
  cloud.tailscale,
  developer.linear,
  developer.vercel,
  apps.shopify,
  developer.grafana,
  cloud.jfrog,
  apps.sidekiq,
  developer.sumologic,
  developer.snyk,
  apps.messagebird,
  apps.discord,
  apps.asana,
  cloud.heroku,
  apps.hubspot,
  cloud.alibaba,
  apps.adobe,
  developer.atlassian,
  cloud.azureStorage,
  cloud.cloudflareApiKey,
  cloud.cloudflareGlobalApiKey,
];

/**
 * Prefixes and provider names for the source prefilter (`src/parsers/source/prefilter.ts`): a file with none of them
 * and no secret-like word cannot hold one of these credentials.
 */
export const PROVIDER_PREFILTER =
  "hf_[a-z]{34}|api_org_|sq[apu]_|sonar|sgp_|sourcegraph|snyk|lin_api_|lin_oauth_|vc[acikpr]_[a-z0-9]{24}|[0-9]Q~|fo1_|fm[12][ar]?_|sha256~|atlasv1|hv[sbr]\\.|s\\.[a-z0-9]{24}|v1\\.0-|tskey-|AKCp|cmVmdGtu|jfrog|artifactory|bintray|xray|sntry[su]_|sumo|NRJS-|NRII-|NRAK-|glc_|glsa_|eyJrIjoi|discord|[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.|telegram|[0-9]{8}:AA|[0-9a-f]{32}-us[0-9]|webhook\\.office|message[_-]?bird|A3-[a-z0-9]{6}-|ops_eyJ|ntn_[0-9]{11}|EAA[a-z0-9]{30}|[0-9]{15}(?:\\||%7C)|EZ[AT]K|asana|s-s4t2|shp(?:at|ca|pa|ss)_|contribsys|HRKU-|heroku|hubspot|LTAI[a-z0-9]{20}|p8e-|ATATT3|cloudflare|AccountKey=";
