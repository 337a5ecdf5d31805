/**
 * Credential formats of cloud, hosting and infrastructure providers.
 */
import { providerDetector, token, mixedCase, hasDigit, hasLetter, UUID_SOURCE } from "./provider-detector.js";

// ---------------------------------------------------------------------------------------------------------------
// Cloud, hosting and infrastructure

/** Azure AD (Entra ID) client secrets: three characters, a digit, `Q~`, then 31 to 34 more (40 in all, usually). */
export const azureAdClientSecret = providerDetector(
  "azure-ad-client-secret",
  "Azure AD client secret",
  "`[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}` as a whole word, with letters and digits",
  [
    {
      regex: token("[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}", "A-Za-z0-9_~.-"),
      requires: "Q~",
      confidence: "high",
      accept: (v) => hasDigit(v.slice(6)) && mixedCase(2)(v.slice(6)),
    },
  ],
);

export const flyio = providerDetector(
  "flyio-token",
  "Fly.io access token",
  "`fo1_[A-Za-z0-9_-]{43}`, or `fm1[ar]_`/`fm2_` followed by 100 or more base64 characters (macaroon tokens, also after `FlyV1 `)",
  [
    { regex: token("fo1_[A-Za-z0-9_-]{43}"), confidence: "high", accept: mixedCase(2) },
    { regex: token("(?:fm1[ar]|fm2)_[A-Za-z0-9+/]{100,4096}={0,3}", "A-Za-z0-9+/=_-"), confidence: "high" },
  ],
);

export const openshift = providerDetector(
  "openshift-token",
  "OpenShift user token",
  "`sha256~[A-Za-z0-9_-]{43}` (an OAuth access token of the OpenShift API)",
  [
    {
      regex: token("sha256~[A-Za-z0-9_-]{43}", "A-Za-z0-9_~-"),
      confidence: "high",
      accept: (v) => mixedCase(2)(v.slice(7)),
    },
  ],
);

export const terraformCloud = providerDetector(
  "terraform-cloud-token",
  "HCP Terraform (Terraform Cloud) API token",
  "`[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}`",
  [
    {
      regex: token("[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}", "A-Za-z0-9_=.-"),
      confidence: "high",
      requires: ".atlasv1.",
    },
  ],
);

/** `hvs.` service, `hvb.` batch and `hvr.` recovery tokens (Vault 1.10+); `s.` + 24 characters before that. */
export const vault = providerDetector(
  "vault-token",
  "HashiCorp Vault token",
  "`hv[sbr]\\.[A-Za-z0-9_-]{24,}` (service, batch and recovery tokens), or a legacy `s.` + 24 letters and digits with both cases and a digit (medium confidence)",
  [
    {
      regex: token("hv[sbr]\\.[A-Za-z0-9_-]{24,400}", "A-Za-z0-9_.-"),
      confidence: "high",
      accept: (v) => mixedCase(2)(v.slice(4)),
    },
    {
      regex: token("s\\.[A-Za-z0-9]{24}", "A-Za-z0-9_.$-"),
      confidence: "medium",
      accept: (v) => hasDigit(v) && mixedCase(3)(v.slice(2)),
    },
  ],
);

export const cloudflareOriginCa = providerDetector(
  "cloudflare-origin-ca-key",
  "Cloudflare Origin CA key",
  "`v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}`",
  [{ regex: token("v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}", "A-Za-z0-9_.-"), confidence: "high" }],
);

export const tailscale = providerDetector(
  "tailscale-key",
  "Tailscale key",
  "`tskey-<type>-<id>-<secret>`: `tskey-(auth|api|client|scim|webhook|...)-[A-Za-z0-9]{6,16}-[A-Za-z0-9]{20,40}`; not a filler (`tskey-api-AAAA...-BBBB...`)",
  [{ regex: token("tskey-[a-z]{3,12}-[A-Za-z0-9]{6,16}-[A-Za-z0-9]{20,40}", "A-Za-z0-9-"), confidence: "high" }],
);

export const jfrog = providerDetector(
  "jfrog-token",
  "JFrog Artifactory token",
  "`AKCp[A-Za-z0-9]{69}` (API key), `cmVmdGtu[A-Za-z0-9]{56}` (reference token); 64 or 73 lower-case letters and digits after `jfrog`, `artifactory`, `bintray` or `xray`",
  [
    { regex: token("AKCp[A-Za-z0-9]{69}|cmVmdGtu[A-Za-z0-9]{56}"), confidence: "high", accept: hasDigit },
    {
      regex: token("[a-z0-9]{73}|[a-z0-9]{64}"),
      confidence: "medium",
      keyword: { source: "jfrog|artifactory|bintray|xray" },
      accept: (v) => hasDigit(v) && hasLetter(v),
    },
  ],
);

export const heroku = providerDetector(
  "heroku-key",
  "Heroku API key",
  "`HRKU-AA[A-Za-z0-9_-]{58}` (platform API key); a UUID after `heroku` (legacy API key, medium confidence)",
  [
    { regex: token("HRKU-AA[A-Za-z0-9_-]{58}"), confidence: "high", accept: hasDigit },
    { regex: token(UUID_SOURCE), confidence: "medium", keyword: { source: "heroku" } },
  ],
);

export const alibaba = providerDetector(
  "alibaba-access-key",
  "Alibaba Cloud AccessKey ID",
  "`LTAI[A-Za-z0-9]{20}` with a digit",
  [
    {
      regex: token("LTAI[A-Za-z0-9]{20}"),
      confidence: "high",
      accept: (v) => hasDigit(v.slice(4)) && hasLetter(v.slice(4)),
    },
  ],
);

export const cloudflareApiKey = providerDetector(
  "cloudflare-api-key",
  "Cloudflare API token",
  "40 letters, digits, `_` and `-` with both cases and a digit, after `cloudflare` (medium confidence)",
  [
    {
      regex: token("[A-Za-z0-9_-]{40}"),
      confidence: "medium",
      keyword: { source: "cloudflare" },
      accept: (v) => hasDigit(v) && mixedCase(2)(v),
    },
  ],
);

export const cloudflareGlobalApiKey = providerDetector(
  "cloudflare-global-api-key",
  "Cloudflare global API key",
  "37 lower-case hex characters after `cloudflare` (medium confidence)",
  [
    {
      regex: token("[a-f0-9]{37}"),
      confidence: "medium",
      keyword: { source: "cloudflare" },
      accept: (v) => hasDigit(v) && hasLetter(v),
    },
  ],
);

export const azureStorage = providerDetector(
  "azure-storage-key",
  "Azure Storage account key",
  "`AccountKey=` followed by `[A-Za-z0-9+/]{86}==`",
  [
    {
      regex: /(?<=AccountKey=)[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/g,
      confidence: "high",
      accept: (v) => hasDigit(v) && mixedCase(4)(v),
      requires: "AccountKey=",
    },
  ],
);
