import { describe, expect, it, vi } from "vitest";
import { loadDocumentFile } from "../load.js";
import { SourceFile, type PNode } from "../../core/positioned.js";
import { isReference, type Entity, type Field, type FieldValue } from "../../model/entities.js";
import { Project } from "../../model/project.js";
import { jsonTwin } from "../../test-support/rule-tester.js";

async function entitiesOf(text: string, path = "template.yaml"): Promise<Entity[]> {
  const loaded = await loadDocumentFile(new SourceFile(path, text), path.endsWith(".json") ? "json" : "yaml");
  expect(loaded.error).toBeUndefined();
  return loaded.entities;
}

/** `line:column-endLine:endColumn`, and the text it covers when that is one line, so that a wrong span is visible. */
function at(node: PNode): string {
  const { start, end } = node.file.span(node);
  const text = node.file.text.slice(node.start, node.end);
  return `${start.line}:${start.column}-${end.line}:${end.column}${text.includes("\n") ? "" : ` «${text}»`}`;
}

function valueText(value: FieldValue<string | number | boolean>): string {
  if (typeof value !== "object") return String(value);
  return isReference(value)
    ? `ref ${value.target}${value.attribute ? `.${value.attribute}` : ""}`
    : `unresolved ${value.expression}`;
}

const field = (f: Field<string | number | boolean>): string =>
  `${valueText(f.value)} @ ${at(f.node)}${f.via ? ` via ${f.via}` : ""}`;

/** The policies and IAM principals of a template, one line per fact, in the order the parser emits them. */
function describeEntities(entities: Entity[]): string[] {
  const out: string[] = [];
  for (const e of entities) {
    if (e.kind === "iam-principal") {
      out.push(`== iam-principal ${e.resource} ${e.type} ${e.principalType} node ${at(e.node)}`);
      if (e.name) out.push(`  name ${field(e.name)}`);
      for (const m of e.managedPolicies) out.push(`  managed ${field(m)}`);
      for (const g of e.groups) out.push(`  group ${field(g)}`);
    } else if (e.kind === "policy") {
      out.push(`== policy ${e.resource} ${e.type} ${e.policyType} node ${at(e.node)} doc ${at(e.documentNode)}`);
      if (e.target) out.push(`  target ${field(e.target)}`);
      for (const a of e.attachedTo) out.push(`  attachedTo ${a.principalType} ${field(a.value)}`);
      if (e.blockPublicPolicy) out.push(`  block ${field(e.blockPublicPolicy)}`);
      for (const s of e.statements) {
        out.push(`  statement ${at(s.node)} effect ${s.effect ? field(s.effect) : "none"}`);
        for (const p of s.principals) out.push(`    principal ${p.type} ${field(p.value)}`);
        for (const p of s.notPrincipals) out.push(`    notPrincipal ${p.type} ${field(p.value)}`);
        for (const a of s.actions) out.push(`    action ${field(a)}`);
        for (const a of s.notActions) out.push(`    notAction ${field(a)}`);
        for (const r of s.resources) out.push(`    resource ${field(r)}`);
        for (const r of s.notResources) out.push(`    notResource ${field(r)}`);
        for (const c of s.conditions)
          out.push(`    condition ${c.operator} ${c.key} ${c.values.map(field).join(" | ")}`);
      }
    }
  }
  return out;
}

const ROLES = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppSecret:
    Type: AWS::SecretsManager::Secret
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-role
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
        - !Ref ReadSecrets
      Policies:
        - PolicyName: read-secret
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: secretsmanager:GetSecretValue
                Resource: !Ref AppSecret
        - PolicyName: decrypt
          PolicyDocument: '{"Statement": {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}}'
  ReadSecrets:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          Effect: Allow
          Action: ["secretsmanager:Get*", "secretsmanager:List*"]
          Resource: "*"
`;

const POLICIES = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ReaderRoles:
    Type: CommaDelimitedList
    Default: "ops-reader, audit-reader"
  TeamGroup:
    Type: String
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root" }
            Action: sts:AssumeRole
  Admins:
    Type: AWS::IAM::Group
  Alice:
    Type: AWS::IAM::User
  SharedRead:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: !Ref ReaderRoles
      Users: [!Ref Alice]
      Groups: [!Ref TeamGroup]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: secretsmanager:GetSecretValue
            Resource: !Sub arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:shared/*
  DenyDelete:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: deny-delete
      Roles: [!Ref AppRole, legacy-role]
      Groups: [!Ref Admins]
      PolicyDocument: '{"Statement": [{"Effect": "Deny", "Action": "secretsmanager:DeleteSecret", "Resource": "*"}]}'
  RoleExtra:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref AppRole
      PolicyName: extra
      PolicyDocument:
        Statement:
          - Effect: Allow
            NotAction: iam:*
            NotResource: arn:aws:iam::111122223333:role/admin
  AliceExtra:
    Type: AWS::IAM::UserPolicy
    Properties:
      UserName: alice
      PolicyName: extra
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: ssm:GetParameter
            Resource: "*"
  AdminsExtra:
    Type: AWS::IAM::GroupPolicy
    Properties:
      GroupName: !Ref Admins
      PolicyName: extra
      PolicyDocument:
        Statement:
          - Effect: Deny
            Action: "*"
            Resource: "*"
            Condition:
              BoolIfExists:
                aws:MultiFactorAuthPresent: false
`;

const USERS = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      Groups: [!Ref Admins, developers]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/IAMUserChangePassword]
      LoginProfile:
        Password: "{{resolve:secretsmanager:alice-initial}}"
      Policies:
        - PolicyName: own-secrets
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: secretsmanager:GetSecretValue
                Resource: arn:aws:secretsmanager:eu-west-1:111122223333:secret:alice/*
  Bob:
    Type: AWS::IAM::User
    Properties:
      UserName: bob
  Carol:
    Type: AWS::IAM::User
  Admins:
    Type: AWS::IAM::Group
    Properties:
      GroupName: admins
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
      Policies:
        - PolicyName: no-policy-document
        - PolicyName: mfa
          PolicyDocument:
            Statement:
              - Effect: Deny
                Action: "*"
                Resource: "*"
                Condition:
                  BoolIfExists:
                    aws:MultiFactorAuthPresent: false
  AddToAuditors:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: auditors
      Users: [bob, !Ref Carol, dave]
  AddToAdmins:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Admins
      Users:
        - !Ref Bob
`;

const RESOURCE_POLICIES = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource: [!Sub "\${Bucket.Arn}/*", !GetAtt Bucket.Arn]
            Condition:
              Bool: { aws:SecureTransport: false }
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue, https://sqs.eu-west-1.amazonaws.com/111122223333/other]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: sns.amazonaws.com }
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              ArnEquals: { aws:SourceArn: [!Ref Topic] }
  QueueInline:
    Type: AWS::SQS::QueueInlinePolicy
    Properties:
      Queue: !Ref Queue
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: ["111122223333", "arn:aws:iam::444455556666:root"] }
            Action: sqs:ReceiveMessage
            Resource: "*"
  Topic:
    Type: AWS::SNS::Topic
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: "*" }
            Action: sns:Publish
            Resource: !Ref Topic
            Condition:
              StringEquals: { aws:PrincipalOrgID: o-a1b2c3d4e5 }
  TopicInline:
    Type: AWS::SNS::TopicInlinePolicy
    Properties:
      TopicArn: !Ref Topic
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: events.amazonaws.com }
            Action: sns:Publish
            Resource: !Ref Topic
  Repository:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: app
      RepositoryPolicyText:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::444455556666:root }
            Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]
  BareRepository:
    Type: AWS::ECR::Repository
  SecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref Secret
      BlockPublicPolicy: false
      ResourcePolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::444455556666:root }
            Action: secretsmanager:GetSecretValue
            Resource: "*"
  Secret:
    Type: AWS::SecretsManager::Secret
`;

const LAMBDA_PERMISSIONS = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  PartnerAccount:
    Type: String
    Default: "444455556666"
Resources:
  Handler:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: !GetAtt HandlerRole.Arn
  FromBucket:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Handler.Arn
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceAccount: !Ref AWS::AccountId
      SourceArn: arn:aws:s3:::uploads
  FromOrg:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Handler
      Action: lambda:InvokeFunction
      Principal: "*"
      PrincipalOrgID: o-a1b2c3d4e5
  FromPartner:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: orders-handler
      Action: lambda:InvokeFunction
      Principal: !Ref PartnerAccount
  PublicUrl:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Handler
      Action: lambda:InvokeFunctionUrl
      Principal: "*"
      FunctionUrlAuthType: NONE
  FromEvents:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Handler
      Action: lambda:InvokeFunction
      Principal: !Sub events.\${AWS::URLSuffix}
  FromAccount:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Handler
      Action: lambda:InvokeFunction
      Principal: 012345678901
      SourceAccount: 012345678901
`;

const SAM = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  KeyId:
    Type: String
Resources:
  DbSecret:
    Type: AWS::SecretsManager::Secret
  Reader:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Environment:
        Variables:
          SECRET_ARN: !Ref DbSecret
      Policies:
        - SecretsManagerReadWrite
        - !Ref SharedPolicy
        - AWSSecretsManagerGetSecretValuePolicy:
            SecretArn: !Ref DbSecret
        - KMSDecryptPolicy:
            KeyId: !Ref KeyId
        - DynamoDBReadPolicy:
            TableName: orders
        - AWSSecretsManagerGetSecretValuePolicy: {}
        - Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action: ssm:GetParameter
              Resource: "*"
  Rotator:
    Type: AWS::Serverless::Function
    Properties:
      Handler: rotate.handler
      Runtime: python3.12
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        AWSSecretsManagerRotationPolicy:
          FunctionName: rotator
  Single:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Policies: AWSLambdaExecute
  Bare:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
  OwnRole:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: !GetAtt ExplicitRole.Arn
      Policies:
        - AWSSecretsManagerGetSecretValuePolicy:
            SecretArn: !Ref DbSecret
  SharedPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: secretsmanager:DescribeSecret
            Resource: !Ref DbSecret
  ExplicitRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
`;

describe("AWS::IAM::Role", () => {
  it("is a principal, its inline policies are identity policies attached to it, its trust policy targets it", async () => {
    expect(describeEntities(await entitiesOf(ROLES))).toEqual([
      "== iam-principal AppRole AWS::IAM::Role role node 5:3-5:10 «AppRole»",
      "  name app-role @ 8:17-8:25 «app-role»",
      "  managed arn:aws:iam::aws:policy/ReadOnlyAccess @ 16:11-16:49 «arn:aws:iam::aws:policy/ReadOnlyAccess»",
      "  managed ref ReadSecrets @ 17:11-17:27 «!Ref ReadSecrets»",
      "== policy AppRole AWS::IAM::Role identity node 5:3-5:10 «AppRole» doc 21:13-25:1",
      "  attachedTo role ref AppRole @ 5:3-5:10 «AppRole»",
      "  statement 22:17-25:1 effect Allow @ 22:25-22:30 «Allow»",
      "    action secretsmanager:GetSecretValue @ 23:25-23:54 «secretsmanager:GetSecretValue»",
      "    resource ref AppSecret @ 24:27-24:41 «!Ref AppSecret»",
      '== policy AppRole AWS::IAM::Role identity node 5:3-5:10 «AppRole» doc 26:27-26:105 «\'{"Statement": {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}}\'»',
      "  attachedTo role ref AppRole @ 5:3-5:10 «AppRole»",
      '  statement 26:27-26:105 «\'{"Statement": {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}}\'» effect Allow @ 26:27-26:105 «\'{"Statement": {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}}\'»',
      '    action kms:Decrypt @ 26:27-26:105 «\'{"Statement": {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}}\'»',
      '    resource * @ 26:27-26:105 «\'{"Statement": {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}}\'»',
      "== policy AppRole AWS::IAM::Role trust-policy node 5:3-5:10 «AppRole» doc 10:9-15:1",
      "  target ref AppRole @ 5:3-5:10 «AppRole»",
      "  statement 12:13-15:1 effect Allow @ 12:21-12:26 «Allow»",
      "    principal Service lambda.amazonaws.com @ 13:35-13:55 «lambda.amazonaws.com»",
      "    action sts:AssumeRole @ 14:21-14:35 «sts:AssumeRole»",
      "== policy ReadSecrets AWS::IAM::ManagedPolicy identity node 27:3-27:14 «ReadSecrets» doc 31:9-35:1",
      "  statement 32:11-35:1 effect Allow @ 32:19-32:24 «Allow»",
      '    action secretsmanager:Get* @ 33:20-33:41 «"secretsmanager:Get*"»',
      '    action secretsmanager:List* @ 33:43-33:65 «"secretsmanager:List*"»',
      '    resource * @ 34:21-34:24 «"*"»',
    ]);
  });

  it("is what a reference to the role resolves to, before its policies", async () => {
    const entities = await entitiesOf(ROLES);
    const project = new Project(entities);
    expect(project.resolve("template.yaml", "AppRole")?.kind).toBe("iam-principal");
    // `ManagedPolicyArns: [!Ref ReadSecrets]` leads to the managed policy's document.
    expect(project.resolve("template.yaml", "ReadSecrets")?.kind).toBe("policy");
  });
});

describe("AWS::IAM::Policy, ManagedPolicy, RolePolicy, UserPolicy, GroupPolicy", () => {
  it("are identity policies attached to what Roles, Users, Groups, RoleName, UserName and GroupName name", async () => {
    // A CommaDelimitedList parameter's default is split into its items; a parameter without default stays unresolved.
    expect(describeEntities(await entitiesOf(POLICIES))).toEqual([
      "== iam-principal AppRole AWS::IAM::Role role node 9:3-9:10 «AppRole»",
      "== policy AppRole AWS::IAM::Role trust-policy node 9:3-9:10 «AppRole» doc 13:9-17:1",
      "  target ref AppRole @ 9:3-9:10 «AppRole»",
      "  statement 14:13-17:1 effect Allow @ 14:21-14:26 «Allow»",
      '    principal AWS arn:${AWS::Partition}:iam::${AWS::AccountId}:root @ 15:31-15:87 «!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"»',
      "    action sts:AssumeRole @ 16:21-16:35 «sts:AssumeRole»",
      "== iam-principal Admins AWS::IAM::Group group node 17:3-17:9 «Admins»",
      "== iam-principal Alice AWS::IAM::User user node 19:3-19:8 «Alice»",
      "== policy SharedRead AWS::IAM::ManagedPolicy identity node 21:3-21:13 «SharedRead» doc 28:9-32:1",
      "  attachedTo role ops-reader @ 24:14-24:30 «!Ref ReaderRoles» via default of parameter ReaderRoles",
      "  attachedTo role audit-reader @ 24:14-24:30 «!Ref ReaderRoles» via default of parameter ReaderRoles",
      "  attachedTo user ref Alice @ 25:15-25:25 «!Ref Alice»",
      "  attachedTo group unresolved Ref TeamGroup @ 26:16-26:30 «!Ref TeamGroup»",
      "  statement 29:13-32:1 effect Allow @ 29:21-29:26 «Allow»",
      "    action secretsmanager:GetSecretValue @ 30:21-30:50 «secretsmanager:GetSecretValue»",
      "    resource arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:shared/* @ 31:23-31:113 «!Sub arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:shared/*»",
      '== policy DenyDelete AWS::IAM::Policy identity node 32:3-32:13 «DenyDelete» doc 38:23-38:118 «\'{"Statement": [{"Effect": "Deny", "Action": "secretsmanager:DeleteSecret", "Resource": "*"}]}\'»',
      "  attachedTo role ref AppRole @ 36:15-36:27 «!Ref AppRole»",
      "  attachedTo role legacy-role @ 36:29-36:40 «legacy-role»",
      "  attachedTo group ref Admins @ 37:16-37:27 «!Ref Admins»",
      '  statement 38:23-38:118 «\'{"Statement": [{"Effect": "Deny", "Action": "secretsmanager:DeleteSecret", "Resource": "*"}]}\'» effect Deny @ 38:23-38:118 «\'{"Statement": [{"Effect": "Deny", "Action": "secretsmanager:DeleteSecret", "Resource": "*"}]}\'»',
      '    action secretsmanager:DeleteSecret @ 38:23-38:118 «\'{"Statement": [{"Effect": "Deny", "Action": "secretsmanager:DeleteSecret", "Resource": "*"}]}\'»',
      '    resource * @ 38:23-38:118 «\'{"Statement": [{"Effect": "Deny", "Action": "secretsmanager:DeleteSecret", "Resource": "*"}]}\'»',
      "== policy RoleExtra AWS::IAM::RolePolicy identity node 39:3-39:12 «RoleExtra» doc 45:9-49:1",
      "  attachedTo role ref AppRole @ 42:17-42:29 «!Ref AppRole»",
      "  statement 46:13-49:1 effect Allow @ 46:21-46:26 «Allow»",
      "    notAction iam:* @ 47:24-47:29 «iam:*»",
      "    notResource arn:aws:iam::111122223333:role/admin @ 48:26-48:62 «arn:aws:iam::111122223333:role/admin»",
      "== policy AliceExtra AWS::IAM::UserPolicy identity node 49:3-49:13 «AliceExtra» doc 55:9-59:1",
      "  attachedTo user alice @ 52:17-52:22 «alice»",
      "  statement 56:13-59:1 effect Allow @ 56:21-56:26 «Allow»",
      "    action ssm:GetParameter @ 57:21-57:37 «ssm:GetParameter»",
      '    resource * @ 58:23-58:26 «"*"»',
      "== policy AdminsExtra AWS::IAM::GroupPolicy identity node 59:3-59:14 «AdminsExtra» doc 65:9-72:1",
      "  attachedTo group ref Admins @ 62:18-62:29 «!Ref Admins»",
      "  statement 66:13-72:1 effect Deny @ 66:21-66:25 «Deny»",
      '    action * @ 67:21-67:24 «"*"»',
      '    resource * @ 68:23-68:26 «"*"»',
      "    condition BoolIfExists aws:MultiFactorAuthPresent false @ 71:45-71:50 «false»",
    ]);
  });
});

describe("AWS::IAM::User, Group and UserToGroupAddition", () => {
  it("make principals; an addition puts its group into the groups of the users of the template it names", async () => {
    // `dave` is not defined here (another stack's user): nothing records him. A `Policies` item without a document is skipped.
    expect(describeEntities(await entitiesOf(USERS))).toEqual([
      "== iam-principal Alice AWS::IAM::User user node 3:3-3:8 «Alice»",
      "  name alice @ 6:17-6:22 «alice»",
      "  managed arn:aws:iam::aws:policy/IAMUserChangePassword @ 8:27-8:72 «arn:aws:iam::aws:policy/IAMUserChangePassword»",
      "  group ref Admins @ 7:16-7:27 «!Ref Admins»",
      "  group developers @ 7:29-7:39 «developers»",
      "== policy Alice AWS::IAM::User identity node 3:3-3:8 «Alice» doc 14:13-18:1",
      "  attachedTo user ref Alice @ 3:3-3:8 «Alice»",
      "  statement 15:17-18:1 effect Allow @ 15:25-15:30 «Allow»",
      "    action secretsmanager:GetSecretValue @ 16:25-16:54 «secretsmanager:GetSecretValue»",
      "    resource arn:aws:secretsmanager:eu-west-1:111122223333:secret:alice/* @ 17:27-17:87 «arn:aws:secretsmanager:eu-west-1:111122223333:secret:alice/*»",
      "== iam-principal Bob AWS::IAM::User user node 18:3-18:6 «Bob»",
      "  name bob @ 21:17-21:20 «bob»",
      "  group auditors @ 43:18-43:26 «auditors»",
      "  group ref Admins @ 48:18-48:29 «!Ref Admins»",
      "== iam-principal Carol AWS::IAM::User user node 22:3-22:8 «Carol»",
      "  group auditors @ 43:18-43:26 «auditors»",
      "== iam-principal Admins AWS::IAM::Group group node 24:3-24:9 «Admins»",
      "  name admins @ 27:18-27:24 «admins»",
      "  managed arn:aws:iam::aws:policy/AdministratorAccess @ 28:27-28:70 «arn:aws:iam::aws:policy/AdministratorAccess»",
      "== policy Admins AWS::IAM::Group identity node 24:3-24:9 «Admins» doc 33:13-40:1",
      "  attachedTo group ref Admins @ 24:3-24:9 «Admins»",
      "  statement 34:17-40:1 effect Deny @ 34:25-34:29 «Deny»",
      '    action * @ 35:25-35:28 «"*"»',
      '    resource * @ 36:27-36:30 «"*"»',
      "    condition BoolIfExists aws:MultiFactorAuthPresent false @ 39:49-39:54 «false»",
    ]);
  });

  it("keeps LoginProfile.Password a credential property", async () => {
    const entities = await entitiesOf(USERS);
    expect(entities.filter((e) => e.kind === "credential-property").map((e) => `${e.resource} ${e.property}`)).toEqual([
      "Alice LoginProfile.Password",
    ]);
  });
});

describe("resource policies", () => {
  it("S3, SQS, SNS and ECR policies target the resource they govern; a secret's resource policy keeps BlockPublicPolicy", async () => {
    // `Queues` names two queues: the target is the first. A repository without RepositoryPolicyText has no policy.
    expect(describeEntities(await entitiesOf(RESOURCE_POLICIES))).toEqual([
      "== policy BucketPolicy AWS::S3::BucketPolicy resource-policy node 5:3-5:15 «BucketPolicy» doc 10:9-17:1",
      "  target ref Bucket @ 8:15-8:26 «!Ref Bucket»",
      "  statement 11:13-17:1 effect Deny @ 11:21-11:25 «Deny»",
      '    principal * * @ 12:24-12:27 «"*"»',
      "    action s3:* @ 13:21-13:25 «s3:*»",
      '    resource ${Bucket.Arn}/* @ 14:24-14:46 «!Sub "${Bucket.Arn}/*"»',
      "    resource ref Bucket.Arn @ 14:48-14:66 «!GetAtt Bucket.Arn»",
      "    condition Bool aws:SecureTransport false @ 16:44-16:49 «false»",
      "== policy QueuePolicy AWS::SQS::QueuePolicy resource-policy node 19:3-19:14 «QueuePolicy» doc 24:9-31:1",
      "  target ref Queue @ 22:16-22:26 «!Ref Queue»",
      "  statement 25:13-31:1 effect Allow @ 25:21-25:26 «Allow»",
      "    principal Service sns.amazonaws.com @ 26:35-26:52 «sns.amazonaws.com»",
      "    action sqs:SendMessage @ 27:21-27:36 «sqs:SendMessage»",
      "    resource ref Queue.Arn @ 28:23-28:40 «!GetAtt Queue.Arn»",
      "    condition ArnEquals aws:SourceArn ref Topic @ 30:44-30:54 «!Ref Topic»",
      "== policy QueueInline AWS::SQS::QueueInlinePolicy resource-policy node 31:3-31:14 «QueueInline» doc 36:9-41:1",
      "  target ref Queue @ 34:14-34:24 «!Ref Queue»",
      "  statement 37:13-41:1 effect Allow @ 37:21-37:26 «Allow»",
      '    principal AWS 111122223333 @ 38:32-38:46 «"111122223333"»',
      '    principal AWS arn:aws:iam::444455556666:root @ 38:48-38:80 «"arn:aws:iam::444455556666:root"»',
      "    action sqs:ReceiveMessage @ 39:21-39:39 «sqs:ReceiveMessage»",
      '    resource * @ 40:23-40:26 «"*"»',
      "== policy TopicPolicy AWS::SNS::TopicPolicy resource-policy node 43:3-43:14 «TopicPolicy» doc 48:9-55:1",
      "  target ref Topic @ 46:16-46:26 «!Ref Topic»",
      "  statement 49:13-55:1 effect Allow @ 49:21-49:26 «Allow»",
      '    principal AWS * @ 50:31-50:34 «"*"»',
      "    action sns:Publish @ 51:21-51:32 «sns:Publish»",
      "    resource ref Topic @ 52:23-52:33 «!Ref Topic»",
      "    condition StringEquals aws:PrincipalOrgID o-a1b2c3d4e5 @ 54:51-54:63 «o-a1b2c3d4e5»",
      "== policy TopicInline AWS::SNS::TopicInlinePolicy resource-policy node 55:3-55:14 «TopicInline» doc 60:9-65:1",
      "  target ref Topic @ 58:17-58:27 «!Ref Topic»",
      "  statement 61:13-65:1 effect Allow @ 61:21-61:26 «Allow»",
      "    principal Service events.amazonaws.com @ 62:35-62:55 «events.amazonaws.com»",
      "    action sns:Publish @ 63:21-63:32 «sns:Publish»",
      "    resource ref Topic @ 64:23-64:33 «!Ref Topic»",
      "== policy Repository AWS::ECR::Repository resource-policy node 65:3-65:13 «Repository» doc 70:9-74:1",
      "  target ref Repository @ 65:3-65:13 «Repository»",
      "  statement 71:13-74:1 effect Allow @ 71:21-71:26 «Allow»",
      "    principal AWS arn:aws:iam::444455556666:root @ 72:31-72:61 «arn:aws:iam::444455556666:root»",
      "    action ecr:BatchGetImage @ 73:22-73:39 «ecr:BatchGetImage»",
      "    action ecr:GetDownloadUrlForLayer @ 73:41-73:67 «ecr:GetDownloadUrlForLayer»",
      "== policy SecretPolicy AWS::SecretsManager::ResourcePolicy secret-resource-policy node 76:3-76:15 «SecretPolicy» doc 82:9-87:1",
      "  target ref Secret @ 79:17-79:28 «!Ref Secret»",
      "  block false @ 80:26-80:31 «false»",
      "  statement 83:13-87:1 effect Allow @ 83:21-83:26 «Allow»",
      "    principal AWS arn:aws:iam::444455556666:root @ 84:31-84:61 «arn:aws:iam::444455556666:root»",
      "    action secretsmanager:GetSecretValue @ 85:21-85:50 «secretsmanager:GetSecretValue»",
      '    resource * @ 86:23-86:26 «"*"»',
    ]);
  });
});

describe("AWS::Lambda::Permission", () => {
  it("is one Allow statement made of its properties, with conditions from SourceAccount, SourceArn, PrincipalOrgID, FunctionUrlAuthType", async () => {
    // `Principal` is a service (`s3.amazonaws.com`, `events.${AWS::URLSuffix}`), `*`, or an account (through a
    // parameter's default; unquoted with a leading zero, kept as written); the statement and the document are the
    // Properties node.
    expect(describeEntities(await entitiesOf(LAMBDA_PERMISSIONS))).toEqual([
      "== policy FromBucket AWS::Lambda::Permission resource-policy node 13:3-13:13 «FromBucket» doc 16:7-21:1",
      "  target ref Handler.Arn @ 16:21-16:40 «!GetAtt Handler.Arn»",
      "  statement 16:7-21:1 effect Allow @ 16:7-21:1",
      "    principal Service s3.amazonaws.com @ 18:18-18:34 «s3.amazonaws.com»",
      "    action lambda:InvokeFunction @ 17:15-17:36 «lambda:InvokeFunction»",
      "    resource ref Handler.Arn @ 16:21-16:40 «!GetAtt Handler.Arn»",
      "    condition StringEquals aws:SourceAccount unresolved Ref AWS::AccountId @ 19:22-19:41 «!Ref AWS::AccountId»",
      "    condition ArnLike aws:SourceArn arn:aws:s3:::uploads @ 20:18-20:38 «arn:aws:s3:::uploads»",
      "== policy FromOrg AWS::Lambda::Permission resource-policy node 21:3-21:10 «FromOrg» doc 24:7-28:1",
      "  target ref Handler @ 24:21-24:33 «!Ref Handler»",
      "  statement 24:7-28:1 effect Allow @ 24:7-28:1",
      '    principal * * @ 26:18-26:21 «"*"»',
      "    action lambda:InvokeFunction @ 25:15-25:36 «lambda:InvokeFunction»",
      "    resource ref Handler @ 24:21-24:33 «!Ref Handler»",
      "    condition StringEquals aws:PrincipalOrgID o-a1b2c3d4e5 @ 27:23-27:35 «o-a1b2c3d4e5»",
      "== policy FromPartner AWS::Lambda::Permission resource-policy node 28:3-28:14 «FromPartner» doc 31:7-34:1",
      "  target orders-handler @ 31:21-31:35 «orders-handler»",
      "  statement 31:7-34:1 effect Allow @ 31:7-34:1",
      "    principal AWS 444455556666 @ 33:18-33:37 «!Ref PartnerAccount» via default of parameter PartnerAccount",
      "    action lambda:InvokeFunction @ 32:15-32:36 «lambda:InvokeFunction»",
      "    resource orders-handler @ 31:21-31:35 «orders-handler»",
      "== policy PublicUrl AWS::Lambda::Permission resource-policy node 34:3-34:12 «PublicUrl» doc 37:7-41:1",
      "  target ref Handler @ 37:21-37:33 «!Ref Handler»",
      "  statement 37:7-41:1 effect Allow @ 37:7-41:1",
      '    principal * * @ 39:18-39:21 «"*"»',
      "    action lambda:InvokeFunctionUrl @ 38:15-38:39 «lambda:InvokeFunctionUrl»",
      "    resource ref Handler @ 37:21-37:33 «!Ref Handler»",
      "    condition StringEquals lambda:FunctionUrlAuthType NONE @ 40:28-40:32 «NONE»",
      "== policy FromEvents AWS::Lambda::Permission resource-policy node 41:3-41:13 «FromEvents» doc 44:7-47:1",
      "  target ref Handler @ 44:21-44:33 «!Ref Handler»",
      "  statement 44:7-47:1 effect Allow @ 44:7-47:1",
      "    principal Service events.${AWS::URLSuffix} @ 46:18-46:47 «!Sub events.${AWS::URLSuffix}»",
      "    action lambda:InvokeFunction @ 45:15-45:36 «lambda:InvokeFunction»",
      "    resource ref Handler @ 44:21-44:33 «!Ref Handler»",
      "== policy FromAccount AWS::Lambda::Permission resource-policy node 47:3-47:14 «FromAccount» doc 50:7-54:1",
      "  target ref Handler @ 50:21-50:33 «!Ref Handler»",
      "  statement 50:7-54:1 effect Allow @ 50:7-54:1",
      "    principal AWS 012345678901 @ 52:18-52:30 «012345678901»",
      "    action lambda:InvokeFunction @ 51:15-51:36 «lambda:InvokeFunction»",
      "    resource ref Handler @ 50:21-50:33 «!Ref Handler»",
      "    condition StringEquals aws:SourceAccount 012345678901 @ 53:22-53:34 «012345678901»",
    ]);
  });

  it("locates its elements in the JSON twin", async () => {
    const lines = describeEntities(await entitiesOf(jsonTwin(LAMBDA_PERMISSIONS), "template.json"));
    expect(lines.slice(0, 8)).toEqual([
      '== policy FromBucket AWS::Lambda::Permission resource-policy node 23:5-23:17 «"FromBucket"» doc 25:21-38:8',
      "  target ref Handler.Arn @ 26:25-31:10",
      "  statement 25:21-38:8 effect Allow @ 25:21-38:8",
      '    principal Service s3.amazonaws.com @ 33:22-33:40 «"s3.amazonaws.com"»',
      '    action lambda:InvokeFunction @ 32:19-32:42 «"lambda:InvokeFunction"»',
      "    resource ref Handler.Arn @ 26:25-31:10",
      "    condition StringEquals aws:SourceAccount unresolved Ref AWS::AccountId @ 34:26-36:10",
      '    condition ArnLike aws:SourceArn arn:aws:s3:::uploads @ 37:22-37:44 «"arn:aws:s3:::uploads"»',
    ]);
  });
});

describe("SAM AWS::Serverless::Function Policies", () => {
  it("give the generated <Function>Role its managed policies, inline documents and the secret-related policy templates", async () => {
    // Reader: a managed policy by name and by reference, two expanded templates, an ignored template (DynamoDBReadPolicy),
    // a template without its parameter (nothing), an inline document. Rotator: a single template object and its own
    // trust policy. Single: `Policies` as one string. Bare: the role SAM generates with nothing written. OwnRole: `Role`
    // is set, so SAM generates no role and ignores `Policies`.
    expect(describeEntities(await entitiesOf(SAM))).toEqual([
      "== iam-principal ReaderRole AWS::Serverless::Function role node 9:3-9:9 «Reader»",
      "  managed SecretsManagerReadWrite @ 18:11-18:34 «SecretsManagerReadWrite»",
      "  managed ref SharedPolicy @ 19:11-19:28 «!Ref SharedPolicy»",
      "== policy Reader AWS::Serverless::Function identity node 9:3-9:9 «Reader» doc 20:11-22:1",
      "  attachedTo role ref ReaderRole @ 9:3-9:9 «Reader»",
      "  statement 20:11-20:48 «AWSSecretsManagerGetSecretValuePolicy» effect Allow @ 20:11-20:48 «AWSSecretsManagerGetSecretValuePolicy»",
      "    action secretsmanager:GetSecretValue @ 20:11-20:48 «AWSSecretsManagerGetSecretValuePolicy»",
      "    resource ref DbSecret @ 21:24-21:37 «!Ref DbSecret»",
      "== policy Reader AWS::Serverless::Function identity node 9:3-9:9 «Reader» doc 22:11-24:1",
      "  attachedTo role ref ReaderRole @ 9:3-9:9 «Reader»",
      "  statement 22:11-22:27 «KMSDecryptPolicy» effect Allow @ 22:11-22:27 «KMSDecryptPolicy»",
      "    action kms:Decrypt @ 22:11-22:27 «KMSDecryptPolicy»",
      "    resource unresolved Ref KeyId @ 23:20-23:30 «!Ref KeyId»",
      "== policy Reader AWS::Serverless::Function identity node 9:3-9:9 «Reader» doc 27:11-32:1",
      "  attachedTo role ref ReaderRole @ 9:3-9:9 «Reader»",
      "  statement 29:15-32:1 effect Allow @ 29:23-29:28 «Allow»",
      "    action ssm:GetParameter @ 30:23-30:39 «ssm:GetParameter»",
      '    resource * @ 31:25-31:28 «"*"»',
      "== iam-principal RotatorRole AWS::Serverless::Function role node 32:3-32:10 «Rotator»",
      "== policy Rotator AWS::Serverless::Function identity node 32:3-32:10 «Rotator» doc 43:9-45:1",
      "  attachedTo role ref RotatorRole @ 32:3-32:10 «Rotator»",
      "  statement 43:9-43:40 «AWSSecretsManagerRotationPolicy» effect Allow @ 43:9-43:40 «AWSSecretsManagerRotationPolicy»",
      "    action secretsmanager:DescribeSecret @ 43:9-43:40 «AWSSecretsManagerRotationPolicy»",
      "    action secretsmanager:GetSecretValue @ 43:9-43:40 «AWSSecretsManagerRotationPolicy»",
      "    action secretsmanager:PutSecretValue @ 43:9-43:40 «AWSSecretsManagerRotationPolicy»",
      "    action secretsmanager:UpdateSecretVersionStage @ 43:9-43:40 «AWSSecretsManagerRotationPolicy»",
      "    resource arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:* @ 43:9-43:40 «AWSSecretsManagerRotationPolicy»",
      "    condition StringEquals secretsmanager:resource/AllowRotationLambdaArn arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator @ 44:25-44:32 «rotator»",
      "  statement 43:9-43:40 «AWSSecretsManagerRotationPolicy» effect Allow @ 43:9-43:40 «AWSSecretsManagerRotationPolicy»",
      "    action secretsmanager:GetRandomPassword @ 43:9-43:40 «AWSSecretsManagerRotationPolicy»",
      "    resource * @ 43:9-43:40 «AWSSecretsManagerRotationPolicy»",
      "== policy Rotator AWS::Serverless::Function trust-policy node 32:3-32:10 «Rotator» doc 38:9-42:1",
      "  target ref RotatorRole @ 32:3-32:10 «Rotator»",
      "  statement 39:13-42:1 effect Allow @ 39:21-39:26 «Allow»",
      "    principal Service lambda.amazonaws.com @ 40:35-40:55 «lambda.amazonaws.com»",
      "    action sts:AssumeRole @ 41:21-41:35 «sts:AssumeRole»",
      "== iam-principal SingleRole AWS::Serverless::Function role node 45:3-45:9 «Single»",
      "  managed AWSLambdaExecute @ 50:17-50:33 «AWSLambdaExecute»",
      "== iam-principal BareRole AWS::Serverless::Function role node 51:3-51:7 «Bare»",
      "== policy SharedPolicy AWS::IAM::ManagedPolicy identity node 65:3-65:15 «SharedPolicy» doc 69:9-73:1",
      "  statement 70:13-73:1 effect Allow @ 70:21-70:26 «Allow»",
      "    action secretsmanager:DescribeSecret @ 71:21-71:50 «secretsmanager:DescribeSecret»",
      "    resource ref DbSecret @ 72:23-72:36 «!Ref DbSecret»",
      "== iam-principal ExplicitRole AWS::IAM::Role role node 73:3-73:15 «ExplicitRole»",
      "== policy ExplicitRole AWS::IAM::Role trust-policy node 73:3-73:15 «ExplicitRole» doc 77:9-81:1",
      "  target ref ExplicitRole @ 73:3-73:15 «ExplicitRole»",
      "  statement 78:13-81:1 effect Allow @ 78:21-78:26 «Allow»",
      "    principal Service lambda.amazonaws.com @ 79:35-79:55 «lambda.amazonaws.com»",
      "    action sts:AssumeRole @ 80:21-80:35 «sts:AssumeRole»",
    ]);
  });

  it("links the generated role by reference, and keeps the function's environment what a reference to the function means", async () => {
    const entities = await entitiesOf(SAM);
    const project = new Project(entities);
    expect(project.resolve("template.yaml", "ReaderRole")?.kind).toBe("iam-principal");
    expect(project.resolve("template.yaml", "Reader")?.kind).toBe("environment");
    expect(entities.some((e) => e.resource === "OwnRoleRole")).toBe(false);
  });

  it("reads the same from the JSON twin", async () => {
    const lines = describeEntities(await entitiesOf(jsonTwin(SAM), "template.json"));
    expect(lines.slice(0, 7)).toEqual([
      '== iam-principal ReaderRole AWS::Serverless::Function role node 13:5-13:13 «"Reader"»',
      '  managed SecretsManagerReadWrite @ 26:11-26:36 «"SecretsManagerReadWrite"»',
      "  managed ref SharedPolicy @ 27:11-29:12",
      '== policy Reader AWS::Serverless::Function identity node 13:5-13:13 «"Reader"» doc 30:11-36:12',
      '  attachedTo role ref ReaderRole @ 13:5-13:13 «"Reader"»',
      '  statement 31:13-31:52 «"AWSSecretsManagerGetSecretValuePolicy"» effect Allow @ 31:13-31:52 «"AWSSecretsManagerGetSecretValuePolicy"»',
      '    action secretsmanager:GetSecretValue @ 31:13-31:52 «"AWSSecretsManagerGetSecretValuePolicy"»',
    ]);
  });
});

describe("module loading", () => {
  it("works whichever of iam.ts and template.ts is loaded first (they import each other)", async () => {
    vi.resetModules();
    const { IAM_BUILDERS } = await import("./iam.js");
    const { templateEntities } = await import("./template.js");
    const { parseYaml } = await import("../yaml.js");
    expect(Object.keys(IAM_BUILDERS)).toContain("AWS::IAM::Role");
    const [root] = parseYaml(new SourceFile("template.yaml", ROLES)).documents;
    if (root?.kind !== "object") throw new Error("no template");
    expect(templateEntities(root).filter((e) => e.kind === "policy")).toHaveLength(4);
  });
});

describe("SAM's generated role", () => {
  it("is a resource that !GetAtt <Function>Role.Arn refers to", async () => {
    const text = [
      "Transform: AWS::Serverless-2016-10-31",
      "Resources:",
      "  Fn:",
      "    Type: AWS::Serverless::Function",
      "    Properties:",
      "      Handler: app.handler",
      "  Key:",
      "    Type: AWS::KMS::Key",
      "    Properties:",
      "      KeyPolicy:",
      "        Statement:",
      "          - Effect: Allow",
      "            Principal: { AWS: !GetAtt FnRole.Arn }",
      "            Action: kms:Decrypt",
      "            Resource: '*'",
      "",
    ].join("\n");
    const { entities } = await loadDocumentFile(new SourceFile("sam.yaml", text), "yaml");
    const keyPolicy = entities.find((e) => e.kind === "policy" && e.policyType === "key-policy");
    expect(keyPolicy?.kind === "policy" && keyPolicy.statements[0]?.principals[0]?.value.value).toEqual({
      kind: "reference",
      target: "FnRole",
      attribute: "Arn",
    });
  });
});
