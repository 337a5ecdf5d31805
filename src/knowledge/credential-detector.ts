/**
 * What a credential detector is and finds: the contract between the detectors (credential-patterns.ts, the provider
 * tables built with provider-detector.ts, private-keys.ts) and the code that runs them. Its own module so that the
 * detectors and the tables that list them do not import each other.
 */
import type { Confidence } from "../core/finding.js";

export type CredentialKind =
  | "private-key"
  | "aws-access-key"
  | "aws-secret-key"
  | "github-token"
  | "gitlab-token"
  | "slack-token"
  | "slack-webhook"
  | "stripe-key"
  | "npm-token"
  | "pypi-token"
  | "google-api-key"
  | "sendgrid-key"
  | "twilio-key"
  | "openai-key"
  | "anthropic-key"
  | "jwt"
  | "db-connection-string"
  | "basic-auth-url"
  | "basic-auth"
  | "auth-header"
  | "kubernetes-secret"
  | "generic-password"
  | ProviderCredentialKind;

export interface CredentialMatch {
  /**
   * Set by a detector that knows better than its basis: a format detector whose structure is weak says `medium`; a
   * keyword detector says `low` for a word-like value. Unset: `high` for `format` detectors, `medium` for `keyword`.
   */
  confidence?: Confidence;
  /** What this match is, when more precise than the detector's `description`: `PGP private key`, `PuTTY private key`. */
  description?: string;
  /** 0-based offset of the match in the text searched. */
  start: number;
  /** 0-based offset just after the match. */
  end: number;
  /**
   * The secret itself, for masking: usually the matched text; the password of a URL or connection string; the
   * body of a PEM block (whose first characters are the same `-----BEGIN` for every key).
   */
  value: string;
}

/** What is known about the text besides itself. */
export interface DetectionContext {
  /** The name the text is assigned to: a mapping key, an environment variable, a parameter, a property. */
  name?: string;
  /** Whether an AWS access key ID appears in the same document: a 40-character string next to one is its secret. */
  awsAccessKeyIdNearby?: boolean;
}

export interface CredentialDetector {
  kind: CredentialKind;
  /** What the credential is, for messages, without an article: `AWS access key ID`. */
  description: string;
  /** The pattern, as documented in the hardcoded-credential rule's README. */
  pattern: string;
  /**
   * `format`: the value's shape identifies it (a prefix, a checksum-like structure); `keyword`: only a secret-like
   * name makes it a credential (`generic-password`). Scanners that look at every string use format detectors only.
   */
  basis: "format" | "keyword";
  find(text: string, context?: DetectionContext): CredentialMatch[];
}

/** The kinds credential-providers.ts detects; `CredentialKind` includes them. */
export type ProviderCredentialKind =
  | "huggingface-token"
  | "azure-ad-client-secret"
  | "1password-secret-key"
  | "1password-service-account-token"
  | "sidekiq-secret"
  | "sonar-token"
  | "sourcegraph-token"
  | "flyio-token"
  | "sumologic-access-id"
  | "sentry-token"
  | "openshift-token"
  | "notion-token"
  | "terraform-cloud-token"
  | "facebook-token"
  | "easypost-key"
  | "discord-bot-token"
  | "discord-credential"
  | "asana-credential"
  | "new-relic-key"
  | "intra42-secret"
  | "cloudflare-origin-ca-key"
  | "vault-token"
  | "telegram-bot-token"
  | "snyk-token"
  | "mailchimp-key"
  | "teams-webhook"
  | "jfrog-token"
  | "messagebird-key"
  | "tailscale-key"
  | "linear-key"
  | "vercel-token"
  | "shopify-token"
  | "grafana-token"
  | "heroku-key"
  | "hubspot-key"
  | "alibaba-access-key"
  | "adobe-client-secret"
  | "atlassian-token"
  | "cloudflare-api-key"
  | "cloudflare-global-api-key"
  | "azure-storage-key";
