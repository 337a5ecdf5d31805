/**
 * Credential formats of developer platforms: AI, source hosting and code quality, monitoring and error tracking.
 */
import {
  providerDetector,
  token,
  mixedCase,
  hasDigit,
  hasLetter,
  decodeJson,
  UUID_SOURCE,
} from "./provider-detector.js";

// ---------------------------------------------------------------------------------------------------------------
// AI, source and code-quality platforms

export const huggingface = providerDetector(
  "huggingface-token",
  "Hugging Face access token",
  "`hf_[A-Za-z]{34}` (user access token) or `api_org_[A-Za-z]{34}` (organization API token), with letters of both cases",
  [{ regex: token("hf_[A-Za-z]{34}|api_org_[A-Za-z]{34}"), confidence: "high", accept: mixedCase(4) }],
);

export const sonar = providerDetector(
  "sonar-token",
  "SonarQube token",
  "`sq[apu]_[0-9a-f]{40}` (user, project and global analysis tokens); a 40-character `[A-Za-z0-9]` token (optionally with that prefix) after `sonar.login`/`sonar_token`",
  [
    { regex: token("sq[apu]_[0-9a-f]{40}"), confidence: "high" },
    {
      regex: token("(?:sq[apu]_)?[A-Za-z0-9]{40}"),
      confidence: "medium",
      keyword: { source: "sonar[_.-]?(?:login|token)" },
      accept: hasDigit,
    },
  ],
);

export const sourcegraph = providerDetector(
  "sourcegraph-token",
  "Sourcegraph access token",
  "`sgp_(<16 hex>|local)_<40 hex>` or `sgp_<40 hex>`; 40 hex characters after `sourcegraph`",
  [
    { regex: token("sgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}|sgp_[a-fA-F0-9]{40}"), confidence: "high" },
    {
      regex: token("[a-fA-F0-9]{40}"),
      confidence: "medium",
      keyword: { source: "sourcegraph" },
      accept: (v) => hasDigit(v) && hasLetter(v),
    },
  ],
);

export const snyk = providerDetector(
  "snyk-token",
  "Snyk API token",
  "a UUID after `snyk_token`, `snyk_key`, `snyk_api_token`, `snyk_oauth_token`",
  [
    {
      regex: token(UUID_SOURCE),
      confidence: "medium",
      keyword: { source: "snyk[_.-]?(?:(?:api|oauth)[_.-]?)?(?:key|token)" },
    },
  ],
);

export const linear = providerDetector(
  "linear-key",
  "Linear API key",
  "`lin_api_[A-Za-z0-9]{40}` (personal API key) or `lin_oauth_[a-f0-9]{64}` (OAuth token)",
  [{ regex: token("lin_api_[A-Za-z0-9]{40}|lin_oauth_[a-f0-9]{64}"), confidence: "high" }],
);

export const vercel = providerDetector(
  "vercel-token",
  "Vercel token",
  "`vc[acikpr]_[A-Za-z0-9]{24,64}` (personal, integration, app, refresh and other access tokens)",
  [{ regex: token("vc[acikpr]_[A-Za-z0-9]{24,64}"), confidence: "high", accept: hasDigit }],
);

// ---------------------------------------------------------------------------------------------------------------
// Monitoring and error tracking

/** A Sentry org token's middle part is base64 JSON naming the org and its URLs. */
export const sentry = providerDetector(
  "sentry-token",
  "Sentry auth token",
  "`sntrys_<base64 JSON with iat>_[A-Za-z0-9+/]{43}` (organization auth token) or `sntryu_[a-f0-9]{64}` (user auth token)",
  [
    {
      regex: token("sntrys_eyJ[A-Za-z0-9+/]{20,800}={0,2}_[A-Za-z0-9+/]{43}", "A-Za-z0-9+/=_"),
      confidence: "high",
      accept: (v) => {
        const payload = decodeJson(v.slice("sntrys_".length, v.lastIndexOf("_")));
        return typeof payload === "object" && payload !== null && "iat" in payload;
      },
    },
    { regex: token("sntryu_[a-f0-9]{64}"), confidence: "high" },
  ],
);

export const sumologic = providerDetector(
  "sumologic-access-id",
  "Sumo Logic access ID",
  "`su[A-Za-z0-9]{12}` with letters of both cases and a digit, after `sumo`/`Sumo`/`SUMO` (case-sensitive: `sumOf...` is not one)",
  [
    {
      regex: token("su[A-Za-z0-9]{12}"),
      confidence: "medium",
      keyword: { source: "[Ss]umo|SUMO", caseSensitive: true },
      accept: (v) => hasDigit(v) && mixedCase(2)(v.slice(2)),
    },
  ],
);

export const newRelic = providerDetector(
  "new-relic-key",
  "New Relic API key",
  "`NRJS-[a-f0-9]{19}` (browser API key), `NRII-[A-Za-z0-9_-]{32}` (insert key), `NRAK-[A-Z0-9]{27}` (user API key)",
  [{ regex: token("NRJS-[a-f0-9]{19}|NRII-[A-Za-z0-9_-]{32}|NRAK-[A-Z0-9]{27}"), confidence: "high" }],
);

export const grafana = providerDetector(
  "grafana-token",
  "Grafana token",
  "`glc_[A-Za-z0-9+/]{32,400}={0,3}` (Grafana Cloud), `glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}` (service account), `eyJrIjoi[A-Za-z0-9]{70,400}={0,3}` (API key)",
  [
    { regex: token("glc_[A-Za-z0-9+/]{32,400}={0,3}", "A-Za-z0-9+/=_-"), confidence: "high", accept: hasLetter },
    { regex: token("glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}"), confidence: "high" },
    { regex: token("eyJrIjoi[A-Za-z0-9]{70,400}={0,3}", "A-Za-z0-9+/=_-"), confidence: "high" },
  ],
);

export const atlassian = providerDetector(
  "atlassian-token",
  "Atlassian API token",
  "`ATATT3[A-Za-z0-9_=-]{186}` (Jira and Confluence API tokens)",
  [{ regex: token("ATATT3[A-Za-z0-9_=-]{186}", "A-Za-z0-9_=-"), confidence: "high" }],
);
