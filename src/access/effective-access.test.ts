import { describe, expect, it } from "vitest";
import { SourceFile } from "../core/positioned.js";
import { loadDocumentFile } from "../parsers/load.js";
import { Project } from "../model/project.js";
import { effectiveAccess } from "./effective-access.js";
import { accessJson, type AccessJson, type StatementJson } from "./format.js";

async function report(files: { path: string; text: string }[], ownAccounts: string[] = []): Promise<AccessJson> {
  const entities = [];
  for (const { path, text } of files) {
    const loaded = await loadDocumentFile(new SourceFile(path, text), path.endsWith(".json") ? "json" : "yaml");
    if (loaded.error) throw new Error(`${path}: ${loaded.error.message}`);
    entities.push(...loaded.entities);
  }
  return accessJson({
    report: effectiveAccess(new Project(entities), { ownAccounts }),
    errors: [],
    skipped: [],
    filesScanned: files.length,
    tool: { name: "secretwarden", version: "0" },
  });
}

const via = (statements: StatementJson[]) =>
  statements
    .map((s) => `${s.policy} ${s.sid ?? `#${s.statement}`}${s.result === "yes" ? "" : ` ${s.result}`}`)
    .join(", ");

/** One line per secret and principal: `Secret principal: read <level> via <statements>; decrypt <level>`. */
function rows(json: AccessJson): string[] {
  return json.secrets.flatMap((secret) =>
    secret.access.length === 0
      ? [`${secret.secret}: nobody`]
      : secret.access.map(
          (a) =>
            `${secret.secret} ${a.principal.label}: read ${a.read} via ${via(a.readVia)}; decrypt ${a.decrypt}${a.decryptVia.length > 0 ? ` via ${via(a.decryptVia)}` : ""}`,
        ),
  );
}

describe("identity policies of the project's principals", () => {
  const template = `Parameters:
  Stage:
    Type: String
Resources:
  DbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/app/db
  StageSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: !Sub \${Stage}/app/api
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app
      AssumeRolePolicyDocument: {}
      ManagedPolicyArns:
        - !Ref ReadDbPolicy
        - arn:aws:iam::aws:policy/SecretsManagerReadWrite
  ReadDbPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Sid: ReadDb
            Effect: Allow
            Action: secretsmanager:GetSecretValue
            Resource: !Ref DbSecret
  PrefixRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: prod
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: secretsmanager:Get*
                Resource: !Sub arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:prod/*
  DescribeRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: describe
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: secretsmanager:DescribeSecret
                Resource: "*"
  Developers:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: stage
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: secretsmanager:GetSecretValue
                Resource: !Sub arn:aws:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:\${Stage}/*
  Alice:
    Type: AWS::IAM::User
    Properties:
      Groups: [!Ref Developers]
  LegacyAccess:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: legacy
      Roles: [legacy-batch]
      PolicyDocument:
        Statement:
          - Effect: Allow
            NotAction: iam:*
            Resource: "*"
          - Effect: Deny
            Action: secretsmanager:*
            Resource: !Ref StageSecret
`;

  it("follows managed policies, inline policies, name prefixes, groups and roles named but not defined", async () => {
    const json = await report([{ path: "app.yaml", text: template }]);
    expect(rows(json)).toEqual([
      "DbSecret role AppRole (app): read yes via policy ReadDbPolicy ReadDb; decrypt yes",
      "DbSecret role PrefixRole: read yes via inline policy of PrefixRole #1; decrypt yes",
      "DbSecret role legacy-batch (not defined in the project): read yes via policy LegacyAccess #1; decrypt yes",
      // `${Stage}/*` may or may not be `prod/*`.
      "DbSecret user Alice: read unknown via inline policy of Developers #1 unknown; decrypt yes",
      "DbSecret group Developers: read unknown via inline policy of Developers #1 unknown; decrypt yes",
      "StageSecret role PrefixRole: read unknown via inline policy of PrefixRole #1 unknown; decrypt yes",
      "StageSecret user Alice: read yes via inline policy of Developers #1; decrypt yes",
      "StageSecret group Developers: read yes via inline policy of Developers #1; decrypt yes",
    ]);
    expect(json.notEvaluated).toEqual([
      {
        principal: "role AppRole (app)",
        policy: "arn:aws:iam::aws:policy/SecretsManagerReadWrite",
        file: "app.yaml",
        line: 20,
        column: 11,
        reason: "An AWS managed policy: its document is not in the project.",
      },
    ]);
  });

  it("says what an unknown read depends on", async () => {
    const json = await report([{ path: "app.yaml", text: template }]);
    const alice = json.secrets[0]?.access.find((a) => a.principal.label === "user Alice");
    expect(alice?.readVia[0]?.unknowns).toEqual([
      "Resource arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${Stage}/*",
    ]);
    expect(alice?.principal).toEqual({
      kind: "user",
      label: "user Alice",
      arn: "arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*",
      account: "${AWS::AccountId}",
      resource: "Alice",
      file: "app.yaml",
      line: 62,
      column: 3,
    });
  });
});

describe("the secret's resource policy", () => {
  const template = `Parameters:
  ConsumerRoleArn:
    Type: String
Resources:
  SharedSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: shared/reporting
  SharedSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref SharedSecret
      ResourcePolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Reporting
            Effect: Allow
            Principal:
              AWS:
                - arn:aws:iam::444455556666:role/reporting
                - "777788889999"
                - !GetAtt AppRole.Arn
                - !Ref ConsumerRoleArn
            Action: secretsmanager:GetSecretValue
            Resource: "*"
          - Sid: Organization
            Effect: Allow
            Principal: "*"
            Action: secretsmanager:GetSecretValue
            Resource: "*"
            Condition:
              StringEquals:
                aws:PrincipalOrgID: o-a1b2c3d4e5
          - Sid: Rotation
            Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: secretsmanager:*
            Resource: "*"
          - Sid: NoPlainText
            Effect: Deny
            Principal: "*"
            Action: "*"
            Resource: "*"
            Condition:
              Bool:
                aws:SecureTransport: "false"
          - Sid: NotTheAuditor
            Effect: Deny
            Principal:
              AWS: "777788889999"
            Action: secretsmanager:GetSecretValue
            Resource: "*"
            Condition:
              StringNotEquals:
                aws:PrincipalTag/team: audit
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
  QuietRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
`;

  it("names other accounts, their roles, everyone in an organization, services and principals it cannot read", async () => {
    const json = await report([{ path: "shared.yaml", text: template }]);
    expect(rows(json)).toEqual([
      // Named directly in the same account: no identity policy needed.
      "SharedSecret role AppRole: read yes via resource policy SharedSecretPolicy Reporting; decrypt yes",
      // QuietRole gets in only as one of everyone in the organization, or as the role the parameter may name: the
      // `everyone` and `not known` entries say so, once.
      "SharedSecret arn:aws:iam::444455556666:role/reporting: read yes via resource policy SharedSecretPolicy Reporting; decrypt no",
      // A Deny may apply to it (on a tag condition): conditional.
      "SharedSecret account 777788889999: read conditional via resource policy SharedSecretPolicy Reporting, resource policy SharedSecretPolicy Organization conditional; decrypt no",
      'SharedSecret everyone (Principal "*"): read conditional via resource policy SharedSecretPolicy Organization conditional; decrypt no',
      "SharedSecret service lambda.amazonaws.com: read yes via resource policy SharedSecretPolicy Rotation; decrypt unknown",
      "SharedSecret AWS Ref ConsumerRoleArn (not known): read yes via resource policy SharedSecretPolicy Reporting; decrypt unknown",
    ]);
    const account = json.secrets[0]?.access.find((a) => a.principal.kind === "account");
    expect(account?.readLimitedBy.map((s) => [s.sid, s.result, s.conditions])).toEqual([
      ["NotTheAuditor", "conditional", ["StringNotEquals aws:PrincipalTag/team"]],
    ]);
    expect(account?.requires).toEqual([
      "an identity policy in account 777788889999 (not in the project) allows secretsmanager:GetSecretValue",
    ]);
    expect(account?.decryptReason).toBe(
      "The secret uses the AWS-managed key aws/secretsmanager, whose key policy cannot let another account decrypt.",
    );
  });

  it("takes an account of ownAccounts for the deploying one", async () => {
    const json = await report([{ path: "shared.yaml", text: template }], ["777788889999"]);
    const account = json.secrets[0]?.access.find((a) => a.principal.kind === "account");
    expect([account?.read, account?.decrypt, account?.requires]).toEqual([
      "conditional",
      "yes",
      ["an identity policy in account 777788889999 (not in the project) allows secretsmanager:GetSecretValue"],
    ]);
  });
});

describe("decrypting with the secret's KMS key", () => {
  const template = `Resources:
  SecretsKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: AccountAdministration
            Effect: Allow
            Principal:
              AWS: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root
            Action: kms:*
            Resource: "*"
          - Sid: DirectReader
            Effect: Allow
            Principal:
              AWS: !GetAtt DirectRole.Arn
            Action: kms:Decrypt
            Resource: "*"
            Condition:
              StringEquals:
                kms:ViaService: !Sub secretsmanager.\${AWS::Region}.amazonaws.com
          - Sid: Partner
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::444455556666:root
            Action: kms:Decrypt
            Resource: "*"
            Condition:
              StringEquals:
                kms:ViaService: !Sub secretsmanager.\${AWS::Region}.amazonaws.com
              StringLike:
                kms:EncryptionContext:SecretARN: !Sub arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:shared/*
  SharedSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: shared/orders
      KmsKeyId: !GetAtt SecretsKey.Arn
  PrivateSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: private/orders
      KmsKeyId: !Ref SecretsKey
  PlainKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
  PlainKeySecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: plain/orders
      KmsKeyId: !Ref PlainKey
  ImportedKeySecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: imported/orders
      KmsKeyId: !ImportValue shared-key-arn
  SharingPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref SharedSecret
      ResourcePolicy:
        Statement:
          - Effect: Allow
            Principal:
              AWS: "444455556666"
            Action: secretsmanager:GetSecretValue
            Resource: "*"
  PrivateSharingPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref PrivateSecret
      ResourcePolicy:
        Statement:
          - Effect: Allow
            Principal:
              AWS: "444455556666"
            Action: secretsmanager:GetSecretValue
            Resource: "*"
  DelegatedRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: secretsmanager:GetSecretValue
                Resource: "*"
              - Effect: Allow
                Action: kms:Decrypt
                Resource: !GetAtt SecretsKey.Arn
  DirectRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: secretsmanager:GetSecretValue
                Resource: [!Ref SharedSecret, !Ref PrivateSecret]
  NoKeyRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: secretsmanager:GetSecretValue
                Resource: !Ref SharedSecret
`;

  it("follows the key policy: to IAM through the account root, to a role directly, to another account", async () => {
    const json = await report([{ path: "keys.yaml", text: template }]);
    expect(rows(json)).toEqual([
      "SharedSecret role DelegatedRole: read yes via inline policy of DelegatedRole #1; decrypt yes via inline policy of DelegatedRole #2, key policy of SecretsKey AccountAdministration",
      "SharedSecret role DirectRole: read yes via inline policy of DirectRole #1; decrypt yes via key policy of SecretsKey DirectReader",
      "SharedSecret role NoKeyRole: read yes via inline policy of NoKeyRole #1; decrypt no",
      "SharedSecret account 444455556666: read yes via resource policy SharingPolicy #1; decrypt yes via key policy of SecretsKey Partner",
      "PrivateSecret role DelegatedRole: read yes via inline policy of DelegatedRole #1; decrypt yes via inline policy of DelegatedRole #2, key policy of SecretsKey AccountAdministration",
      "PrivateSecret role DirectRole: read yes via inline policy of DirectRole #1; decrypt yes via key policy of SecretsKey DirectReader",
      // The partner may decrypt only secrets whose ARN starts with shared/.
      "PrivateSecret account 444455556666: read yes via resource policy PrivateSharingPolicy #1; decrypt no",
      "PlainKeySecret role DelegatedRole: read yes via inline policy of DelegatedRole #1; decrypt unknown",
      "ImportedKeySecret role DelegatedRole: read yes via inline policy of DelegatedRole #1; decrypt unknown",
    ]);
    const reasons = json.secrets.flatMap((s) =>
      s.access.filter((a) => a.decrypt !== "yes").map((a) => `${s.secret} ${a.principal.label}: ${a.decryptReason}`),
    );
    expect(reasons).toEqual([
      "SharedSecret role NoKeyRole: The key policy of SecretsKey leaves kms:Decrypt to IAM policies, and none of its identity policies allows it.",
      "PrivateSecret account 444455556666: The key policy of SecretsKey gives it no kms:Decrypt.",
      "PlainKeySecret role DelegatedRole: The key PlainKey has no key policy in the project.",
      "ImportedKeySecret role DelegatedRole: The key Fn::ImportValue is not in the project.",
    ]);
    expect(json.secrets.map((s) => [s.secret, s.encryption])).toEqual([
      ["SharedSecret", { kind: "customer-managed", key: "SecretsKey" }],
      ["PrivateSecret", { kind: "customer-managed", key: "SecretsKey" }],
      ["PlainKeySecret", { kind: "key-without-policy", key: "PlainKey" }],
      ["ImportedKeySecret", { kind: "outside", key: "Fn::ImportValue" }],
    ]);
  });
});

describe("standalone policy documents, SAM functions and account ids", () => {
  const secrets = {
    path: "infra/secrets.yaml",
    text: `Resources:
  AppDbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/app/db
  ApiFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Policies:
        - AWSSecretsManagerGetSecretValuePolicy:
            SecretArn: !Ref AppDbSecret
        - AWSLambdaBasicExecutionRole
`,
  };
  const policyFile = {
    path: "policies/app-policy.json",
    text: JSON.stringify(
      {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ReadProd",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: "arn:aws:secretsmanager:*:111122223333:secret:prod/app/*",
          },
        ],
      },
      null,
      2,
    ),
  };

  it("reads SAM policy templates, and takes a literal account for another one unless ownAccounts lists it", async () => {
    const json = await report([secrets, policyFile]);
    expect(rows(json)).toEqual([
      "AppDbSecret role ApiFunctionRole: read yes via Policies of function ApiFunction #1; decrypt yes",
    ]);
    expect(json.notes).toEqual([
      "Account 111122223333 (in policies/app-policy.json) is taken to be another account than the one the project is deployed to; list it in the " +
        "configuration's ownAccounts if it is that account.",
    ]);
    expect(json.notEvaluated.map((n) => [n.principal, n.policy, n.file, n.line])).toEqual([
      ["role ApiFunctionRole", "AWSLambdaBasicExecutionRole", "infra/secrets.yaml", 15],
    ]);
  });

  it("lists whoever holds a policy file that no principal of the project has", async () => {
    const json = await report([secrets, policyFile], ["111122223333"]);
    expect(rows(json)).toEqual([
      "AppDbSecret role ApiFunctionRole: read yes via Policies of function ApiFunction #1; decrypt yes",
      "AppDbSecret whoever holds policy file policies/app-policy.json: read yes via policy file policies/app-policy.json ReadProd; decrypt yes",
    ]);
    expect(json.notes).toEqual([]);
    const holder = json.secrets[0]?.access[1];
    expect([holder?.principal, holder?.readVia]).toEqual([
      {
        kind: "policy-holder",
        label: "whoever holds policy file policies/app-policy.json",
        account: "${AWS::AccountId}",
        file: "policies/app-policy.json",
        line: 1,
        column: 1,
      },
      [
        {
          policy: "policy file policies/app-policy.json",
          resource: "",
          policyType: "identity",
          file: "policies/app-policy.json",
          line: 4,
          column: 5,
          statement: 1,
          sid: "ReadProd",
          result: "yes",
        },
      ],
    ]);
  });
});

describe("principals a resource policy names in the deploying account", () => {
  it("lists the account itself (its IAM policies decide), and a role one of whose sessions it names as conditional", async () => {
    const json = await report([
      {
        path: "own.yaml",
        text: `Resources:
  OpsSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: ops/pager
  OpsSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref OpsSecret
      ResourcePolicy:
        Statement:
          - Effect: Allow
            Principal:
              AWS:
                - !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root
                - !Sub arn:aws:sts::\${AWS::AccountId}:assumed-role/oncall/pager-session
            Action: secretsmanager:GetSecretValue
            Resource: "*"
  OncallRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: oncall
      AssumeRolePolicyDocument: {}
`,
      },
    ]);
    expect(rows(json)).toEqual([
      // The session is one of the role's: the role's entry says so.
      "OpsSecret role OncallRole (oncall): read conditional via resource policy OpsSecretPolicy #1 conditional; decrypt yes",
      "OpsSecret account ${AWS::AccountId}: read yes via resource policy OpsSecretPolicy #1; decrypt yes",
    ]);
    expect(json.secrets[0]?.access[1]?.requires).toEqual([
      "an identity policy of the principal, in the deploying account, allows secretsmanager:GetSecretValue",
    ]);
  });
});
