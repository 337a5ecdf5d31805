import { describe, expect, it } from "vitest";
import { SourceFile } from "../core/positioned.js";
import { loadDocumentFile } from "../parsers/load.js";
import { Project } from "../model/project.js";
import type { KmsKey, PolicyDocument, Secret } from "../model/entities.js";
import {
  authorize,
  baseContext,
  levelAnd,
  levelNot,
  levelOr,
  sameAccount,
  secretsManagerDecryptContext,
  type AccessRequest,
  type Requester,
} from "./policy-evaluation.js";
import { keyPolicyDecrypt } from "./cross-account-grants.js";
import { subjectArnOf, type SubjectArn } from "./arn-match.js";
import { iamPrincipalRequester, secretResource } from "./policy-subjects.js";

const A = "111111111111";
const B = "222222222222";
const SECRET = `arn:aws:secretsmanager:us-east-1:${A}:secret:prod/app/db-AbCdEf`;

async function policy(document: object, name = "policy"): Promise<PolicyDocument> {
  const loaded = await loadDocumentFile(
    new SourceFile(`${name}.json`, JSON.stringify({ Version: "2012-10-17", ...document })),
    "json",
  );
  return loaded.entities[0] as PolicyDocument;
}

const role = (account: string, name = "app"): Requester => ({
  kind: "principal",
  account: { kind: "literal", account },
  arn: subjectArnOf(`arn:aws:iam::${account}:role/${name}`) as SubjectArn,
});

const request = (principal: Requester, action = "secretsmanager:GetSecretValue"): AccessRequest => ({
  principal,
  action,
  resource: { arn: subjectArnOf(SECRET) as SubjectArn, account: { kind: "literal", account: A } },
  context: baseContext(principal),
});

const allow = (extra: object) => ({
  Effect: "Allow",
  Action: "secretsmanager:GetSecretValue",
  Resource: "*",
  ...extra,
});

describe("levels", () => {
  it("combine with yes and no winning as in boolean logic, unknown over conditional", () => {
    expect(levelOr("no", "conditional")).toBe("conditional");
    expect(levelOr("conditional", "unknown")).toBe("unknown");
    expect(levelOr("unknown", "yes")).toBe("yes");
    expect(levelAnd("yes", "conditional")).toBe("conditional");
    expect(levelAnd("conditional", "unknown")).toBe("unknown");
    expect(levelAnd("unknown", "no")).toBe("no");
    expect(levelNot("conditional")).toBe("conditional");
    expect(levelNot("yes")).toBe("no");
  });

  it("compare accounts by ownAccounts", () => {
    expect(sameAccount({ kind: "deploy" }, { kind: "literal", account: A }, [A])).toBe("yes");
    expect(sameAccount({ kind: "deploy" }, { kind: "literal", account: A }, [])).toBe("no");
    expect(sameAccount({ kind: "foreign" }, { kind: "literal", account: A }, [])).toBe("unknown");
    expect(sameAccount({ kind: "foreign" }, { kind: "deploy" }, [])).toBe("no");
    expect(sameAccount({ kind: "unknown" }, { kind: "deploy" }, [])).toBe("unknown");
  });
});

describe("authorize", () => {
  const env = { ownAccounts: [] };

  it("lets an identity policy alone decide within one account, and names the statement", async () => {
    const identity = await policy({ Statement: [allow({ Sid: "Read" })] });
    const decision = authorize(
      { request: request(role(A)), identity: [identity], resourcePolicies: [], service: "default" },
      env,
    );
    expect(decision.level).toBe("yes");
    expect(decision.grants.map((g) => [g.index, g.level, g.policy])).toEqual([[0, "yes", identity]]);
  });

  it("lets a resource policy naming the principal decide within one account, not one naming the account", async () => {
    const direct = await policy({ Statement: [allow({ Principal: { AWS: `arn:aws:iam::${A}:role/app` } })] });
    const root = await policy({ Statement: [allow({ Principal: { AWS: `arn:aws:iam::${A}:root` } })] });
    expect(
      authorize({ request: request(role(A)), identity: [], resourcePolicies: [direct], service: "default" }, env).level,
    ).toBe("yes");
    expect(
      authorize({ request: request(role(A)), identity: [], resourcePolicies: [root], service: "default" }, env).level,
    ).toBe("no");
  });

  it("needs both sides across accounts; a principal outside the project is taken to have its side", async () => {
    const identity = await policy({ Statement: [allow({})] });
    const shared = await policy({ Statement: [allow({ Principal: { AWS: B } })] });
    expect(
      authorize({ request: request(role(B)), identity: [identity], resourcePolicies: [], service: "default" }, env)
        .level,
    ).toBe("no");
    expect(
      authorize({ request: request(role(B)), identity: [], resourcePolicies: [shared], service: "default" }, env).level,
    ).toBe("no");
    expect(
      authorize(
        { request: request(role(B)), identity: [identity], resourcePolicies: [shared], service: "default" },
        env,
      ).level,
    ).toBe("yes");
    expect(
      authorize({ request: request(role(B)), identity: "outside", resourcePolicies: [shared], service: "default" }, env)
        .level,
    ).toBe("yes");
  });

  it("lets an explicit Deny win, in either policy", async () => {
    const identity = await policy({
      Statement: [allow({}), { Effect: "Deny", Action: "secretsmanager:*", Resource: "*" }],
    });
    expect(
      authorize({ request: request(role(A)), identity: [identity], resourcePolicies: [], service: "default" }, env)
        .level,
    ).toBe("no");
    const deny = await policy({ Statement: [{ Effect: "Deny", Principal: "*", Action: "*", Resource: "*" }] });
    const allowed = await policy({ Statement: [allow({})] });
    expect(
      authorize({ request: request(role(A)), identity: [allowed], resourcePolicies: [deny], service: "default" }, env)
        .level,
    ).toBe("no");
  });

  it("reads NotAction, NotResource and NotPrincipal", async () => {
    const notAction = await policy({
      Statement: [{ Effect: "Allow", NotAction: ["iam:*", "secretsmanager:Delete*"], Resource: "*" }],
    });
    const notResource = await policy({
      Statement: [{ Effect: "Allow", Action: "*", NotResource: `arn:aws:secretsmanager:*:*:secret:prod/*` }],
    });
    const notPrincipal = await policy({
      Statement: [{ Effect: "Deny", NotPrincipal: { AWS: `arn:aws:iam::${A}:role/app` }, Action: "*", Resource: "*" }],
    });
    const everything = await policy({ Statement: [allow({})] });
    expect(
      authorize({ request: request(role(A)), identity: [notAction], resourcePolicies: [], service: "default" }, env)
        .level,
    ).toBe("yes");
    expect(
      authorize({ request: request(role(A)), identity: [notResource], resourcePolicies: [], service: "default" }, env)
        .level,
    ).toBe("no");
    expect(
      authorize(
        { request: request(role(A)), identity: [everything], resourcePolicies: [notPrincipal], service: "default" },
        env,
      ).level,
    ).toBe("yes");
    expect(
      authorize(
        {
          request: request(role(A, "other")),
          identity: [everything],
          resourcePolicies: [notPrincipal],
          service: "default",
        },
        env,
      ).level,
    ).toBe("no");
  });

  it("carries undecidable conditions as conditional, in Allow and in Deny", async () => {
    const orgOnly = await policy({
      Statement: [allow({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } })],
    });
    const decision = authorize(
      { request: request(role(B)), identity: "outside", resourcePolicies: [orgOnly], service: "default" },
      env,
    );
    expect(decision.level).toBe("conditional");
    expect(decision.grants[0]?.conditions).toEqual(["StringEquals aws:PrincipalOrgID"]);

    const identity = await policy({
      Statement: [
        allow({}),
        { Effect: "Deny", Action: "*", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } } },
      ],
    });
    const limited = authorize(
      { request: request(role(A)), identity: [identity], resourcePolicies: [], service: "default" },
      env,
    );
    expect(limited.level).toBe("conditional");
    expect(limited.denials.map((d) => [d.level, d.conditions])).toEqual([
      ["conditional", ["NotIpAddress aws:SourceIp"]],
    ]);
  });

  it("decides the conditions a request is known to carry", async () => {
    const decide = async (condition: object) =>
      authorize(
        {
          request: request(role(A)),
          identity: [await policy({ Statement: [allow({ Condition: condition })] })],
          resourcePolicies: [],
          service: "default",
        },
        env,
      ).level;
    expect(await decide({ StringEquals: { "aws:PrincipalAccount": A } })).toBe("yes");
    expect(await decide({ StringEquals: { "aws:PrincipalAccount": [B, A] } })).toBe("yes");
    expect(await decide({ StringNotEquals: { "aws:PrincipalAccount": A } })).toBe("no");
    expect(await decide({ StringEqualsIfExists: { "aws:PrincipalAccount": B } })).toBe("no");
    expect(await decide({ "ForAnyValue:StringLike": { "aws:PrincipalArn": "arn:aws:iam::*:role/ap?" } })).toBe("yes");
    expect(await decide({ ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${A}:role/*` } })).toBe("yes");
    expect(await decide({ ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${A}:role/app` } })).toBe("no");
    expect(await decide({ Bool: { "aws:SecureTransport": "true" } })).toBe("yes");
    expect(await decide({ Null: { "aws:PrincipalAccount": "true" } })).toBe("no");
    expect(await decide({ Null: { "aws:PrincipalAccount": "false" } })).toBe("yes");
    expect(await decide({ StringEquals: { "aws:PrincipalAccount": A, "aws:PrincipalTag/team": "payments" } })).toBe(
      "conditional",
    );
    expect(await decide({ StringEquals: { "aws:PrincipalAccount": B, "aws:PrincipalTag/team": "payments" } })).toBe(
      "no",
    );
    expect(await decide({ NumericLessThan: { "aws:PrincipalAccount": "5" } })).toBe("conditional");
  });

  it("needs the key policy to trust the account before IAM policies count, within the key's account too", async () => {
    const key = {
      arn: subjectArnOf(`arn:aws:kms:us-east-1:${A}:key/1234`) as SubjectArn,
      account: { kind: "literal" as const, account: A },
    };
    const decrypt = (principal: Requester): AccessRequest => ({
      principal,
      action: "kms:Decrypt",
      resource: key,
      context: baseContext(principal),
    });
    const identity = await policy({ Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }] });
    const rootOnly = await policy({
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "kms:*", Resource: "*" }],
    });
    const appOnly = await policy({
      Statement: [
        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:role/app` }, Action: "kms:Decrypt", Resource: "*" },
      ],
    });
    const kms = (identities: PolicyDocument[], keyPolicy: PolicyDocument, principal = role(A)) =>
      authorize(
        { request: decrypt(principal), identity: identities, resourcePolicies: [keyPolicy], service: "kms" },
        env,
      ).level;
    expect(kms([identity], rootOnly)).toBe("yes");
    expect(kms([], rootOnly)).toBe("no");
    expect(kms([], appOnly)).toBe("yes");
    expect(kms([identity], appOnly, role(A, "other"))).toBe("no");
    // The default service: within the account the identity policy suffices, whatever the resource policy says.
    expect(
      authorize(
        {
          request: request(role(A)),
          identity: [await policy({ Statement: [allow({})] })],
          resourcePolicies: [appOnly],
          service: "default",
        },
        env,
      ).level,
    ).toBe("yes");
  });

  it("answers unknown for values the project does not give, never yes", async () => {
    const loaded = await loadDocumentFile(
      new SourceFile(
        "t.yaml",
        `Parameters:
  ReaderArn: { Type: String }
  Effect: { Type: String }
Resources:
  Policy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: prod/app/db
      ResourcePolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Ref ReaderArn }
            Action: secretsmanager:GetSecretValue
            Resource: "*"
          - Effect: !Ref Effect
            Principal: "*"
            Action: secretsmanager:GetSecretValue
            Resource: "*"
`,
      ),
      "yaml",
    );
    const document = loaded.entities.find((e): e is PolicyDocument => e.kind === "policy") as PolicyDocument;
    const first = { ...document, statements: document.statements.slice(0, 1) };
    const second = { ...document, statements: document.statements.slice(1, 2) };
    const byPrincipal = authorize(
      { request: request(role(B)), identity: "outside", resourcePolicies: [first], service: "default" },
      env,
    );
    expect([byPrincipal.level, byPrincipal.grants[0]?.unknowns]).toEqual(["unknown", ["Principal Ref ReaderArn"]]);
    const byEffect = authorize(
      { request: request(role(B)), identity: "outside", resourcePolicies: [second], service: "default" },
      env,
    );
    expect([byEffect.level, byEffect.grants[0]?.unknowns]).toEqual(["unknown", ["Effect Ref Effect"]]);
  });
});

describe("references within a template", () => {
  const template = `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: !GetAtt Reader.Arn }
            Action: kms:Decrypt
            Resource: "*"
            Condition:
              StringEquals:
                kms:ViaService: !Sub secretsmanager.\${AWS::Region}.amazonaws.com
                kms:CallerAccount: !Ref AWS::AccountId
              ArnLike:
                kms:EncryptionContext:SecretARN: !Sub arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:prod/*
          - Effect: Allow
            Principal: "*"
            Action: kms:Decrypt
            Resource: "*"
            Condition:
              StringEquals:
                kms:ViaService: ec2.us-east-1.amazonaws.com
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/app/db
      KmsKeyId: !Ref Key
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: secretsmanager:GetSecretValue
                Resource: !Ref Secret
  Other:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
`;

  async function project(): Promise<Project> {
    return new Project((await loadDocumentFile(new SourceFile("t.yaml", template), "yaml")).entities);
  }

  it("matches !Ref of the secret in Resource and !GetAtt of the role in Principal, and decides the Secrets Manager context", async () => {
    const p = await project();
    const secret = p.all("secret")[0] as Secret;
    const key = p.all("kms-key")[0] as KmsKey;
    const keyPolicy = p.keyPolicyOf(key) as PolicyDocument;
    const [reader, other] = p.all("iam-principal");
    const env = { ownAccounts: [] };
    const read = (principal: Requester) =>
      authorize(
        {
          request: {
            principal,
            action: "secretsmanager:GetSecretValue",
            resource: secretResource(secret),
            context: baseContext(principal),
          },
          identity: p
            .all("policy")
            .filter(
              (d) =>
                d.policyType === "identity" &&
                d.resource === (principal.kind === "principal" ? principal.entity?.resource : ""),
            ),
          resourcePolicies: [],
          service: "default",
        },
        env,
      ).level;
    expect(read(iamPrincipalRequester(reader!))).toBe("yes");
    expect(read(iamPrincipalRequester(other!))).toBe("no");
    expect(keyPolicyDecrypt(secret, key, keyPolicy, iamPrincipalRequester(reader!), env).level).toBe("yes");
    expect(keyPolicyDecrypt(secret, key, keyPolicy, iamPrincipalRequester(other!), env).level).toBe("no");
    const context = secretsManagerDecryptContext(iamPrincipalRequester(reader!), secretResource(secret).arn);
    expect([...context.keys()].sort()).toEqual([
      "aws:principalaccount",
      "aws:principalarn",
      "aws:securetransport",
      "kms:calleraccount",
      "kms:encryptioncontext:secretarn",
      "kms:viaservice",
    ]);
  });

  it("lets a key policy decide for a grantee of another account: the account, a role in it, an organization", async () => {
    const p = await project();
    const secret = p.all("secret")[0] as Secret;
    const key = p.all("kms-key")[0] as KmsKey;
    const keyPolicy = await policy({
      Statement: [
        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${B}:role/reader` }, Action: "kms:Decrypt", Resource: "*" },
        {
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: "kms:Decrypt",
          Resource: "*",
          Condition: { StringEquals: { "kms:CallerAccount": "333333333333" } },
        },
      ],
    });
    const env = { ownAccounts: [] };
    const account = (id: string): Requester => ({ kind: "account", account: { kind: "literal", account: id } });
    // One role of the account may decrypt: some of its principals.
    expect(keyPolicyDecrypt(secret, key, keyPolicy, account(B), env).level).toBe("conditional");
    expect(keyPolicyDecrypt(secret, key, keyPolicy, account("333333333333"), env).level).toBe("yes");
    expect(keyPolicyDecrypt(secret, key, keyPolicy, account("444444444444"), env).level).toBe("no");
    // Which accounts an organization holds is not in the templates.
    expect(keyPolicyDecrypt(secret, key, keyPolicy, { kind: "organization" }, env).level).toBe("unknown");
  });
  it("decides the Secrets Manager context of a key policy, and lets its Deny win", async () => {
    const p = await project();
    const secret = p.all("secret")[0] as Secret;
    const key = p.all("kms-key")[0] as KmsKey;
    const partner: Requester = { kind: "account", account: { kind: "literal", account: B } };
    const decide = async (...statements: object[]) =>
      keyPolicyDecrypt(secret, key, await policy({ Statement: statements }), partner, { ownAccounts: [] }).level;
    const grant = (condition?: object) => ({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${B}:root` },
      Action: "kms:Decrypt",
      Resource: "*",
      ...(condition ? { Condition: condition } : {}),
    });
    expect(await decide(grant())).toBe("yes");
    expect(
      await decide(grant({ StringEquals: { "kms:ViaService": "secretsmanager.${AWS::Region}.amazonaws.com" } })),
    ).toBe("yes");
    expect(await decide(grant({ StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" } }))).toBe("yes");
    expect(await decide(grant({ StringEquals: { "kms:ViaService": "ec2.${AWS::Region}.amazonaws.com" } }))).toBe("no");
    // A region written out may or may not be the deployment's.
    expect(await decide(grant({ StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } }))).toBe(
      "unknown",
    );
    expect(await decide(grant({ StringEquals: { "kms:CallerAccount": B } }))).toBe("yes");
    expect(
      await decide(
        grant({ ArnLike: { "kms:EncryptionContext:SecretARN": "arn:aws:secretsmanager:*:*:secret:prod/*" } }),
      ),
    ).toBe("yes");
    expect(
      await decide(
        grant({ ArnLike: { "kms:EncryptionContext:SecretARN": "arn:aws:secretsmanager:*:*:secret:dev/*" } }),
      ),
    ).toBe("no");
    expect(await decide(grant(), { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" })).toBe("no");
    expect(
      await decide(grant(), {
        Effect: "Deny",
        NotPrincipal: { AWS: `arn:aws:iam::${B}:root` },
        Action: "kms:*",
        Resource: "*",
      }),
    ).toBe("yes");
  });
});
