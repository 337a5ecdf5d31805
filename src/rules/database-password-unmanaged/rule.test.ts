import { testRule, type InvalidCase, type ValidCase } from "../../test-support/rule-tester.js";
import rule from "./rule.js";

const template = (resources: string, parameters = "") => `AWSTemplateFormatVersion: "2010-09-09"
${parameters}Resources:
  DbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString:
        SecretStringTemplate: '{"username": "orders"}'
        GenerateStringKey: password
${resources}`;

const instance = (properties: string) => `  OrdersDb:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t4g.micro
      MasterUsername: orders
${properties}`;

const unmanaged = (engine: string, name: string, property: string, source: string, managed: string) =>
  `${engine} ${name} sets ${property} from ${source}, so the master password is not kept in Secrets Manager and never rotates; ` +
  `set ${managed}: true to let the service create, store and rotate it, or use a {{resolve:secretsmanager:...}} dynamic reference.`;

/** Terraform twins: each runs as `main.tf` and as its `.tf.json` twin. */
const TERRAFORM_VALID: ValidCase[] = [
  { name: "Terraform: RDS manages the master password", tf: `resource "aws_db_instance" "orders" {\n  engine                      = "postgres"\n  username                    = "orders"\n  manage_master_user_password = true\n}\n` },
  {
    name: "Terraform: password read from a Secrets Manager secret version",
    tf: `resource "aws_secretsmanager_secret_version" "db" {\n  secret_id     = "prod/orders/db"\n  secret_string = var.generated\n}\n\nvariable "generated" {\n  sensitive = true\n}\n\nresource "aws_rds_cluster" "orders" {\n  master_password = aws_secretsmanager_secret_version.db.secret_string\n}\n`,
  },
  { name: "Terraform: read replica inherits the password", tf: `resource "aws_db_instance" "replica" {\n  replicate_source_db = "orders-primary"\n  password            = "Sup3rS3cretPassw0rd"\n}\n` },
  { name: "Terraform: restored from a snapshot", tf: `resource "aws_rds_cluster" "restored" {\n  snapshot_identifier = "orders-2024-01-01"\n  master_password     = var.db_password\n}\n\nvariable "db_password" {}\n` },
];

const TERRAFORM_INVALID: InvalidCase[] = [
  { name: "Terraform: literal password", tf: `resource "aws_db_instance" "orders" {\n  engine   = "postgres"\n  password = "Sup3rS3cretPassw0rd"\n}\n`, errors: [
      {
        messageId: "unmanaged",
        message: "RDS instance aws_db_instance.orders sets password from a literal value, so the master password is not kept in Secrets Manager and never rotates; set manage_master_user_password: true to let the service create, store and rotate it, or use a {{resolve:secretsmanager:...}} dynamic reference.",
        resource: "aws_db_instance.orders",
        tf: [3, 14, 3, 35],
        tfjson: [6, 21, 6, 42],
      },
    ] },
  { name: "Terraform: password from a variable", tf: `variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\nresource "aws_rds_cluster" "orders" {\n  master_password = var.db_password\n}\n`, errors: [
      {
        messageId: "unmanaged",
        message: "Aurora/RDS cluster aws_rds_cluster.orders sets master_password from variable db_password, so the master password is not kept in Secrets Manager and never rotates; set manage_master_user_password: true to let the service create, store and rotate it, or use a {{resolve:secretsmanager:...}} dynamic reference.",
        resource: "aws_rds_cluster.orders",
        tf: [7, 21, 7, 36],
        tfjson: [11, 28, 11, 48],
      },
    ] },
  { name: "Terraform: password from a variable's default", tf: `variable "db_password" {\n  default = "Sup3rS3cretPassw0rd"\n}\n\nresource "aws_redshift_cluster" "warehouse" {\n  master_password = var.db_password\n}\n`, errors: [
      {
        messageId: "unmanaged",
        message: "Redshift cluster aws_redshift_cluster.warehouse sets master_password from variable db_password, whose default is written in the configuration, so the master password is not kept in Secrets Manager and never rotates; set manage_master_password: true to let the service create, store and rotate it, or use a {{resolve:secretsmanager:...}} dynamic reference.",
        resource: "aws_redshift_cluster.warehouse",
        tf: [6, 21, 6, 36],
        tfjson: [10, 28, 10, 48],
      },
    ] },
  { name: "Terraform: engine without a managed option", tf: `resource "aws_docdbelastic_cluster" "docs" {\n  admin_user_password = var.docs_password\n}\n\nvariable "docs_password" {}\n`, errors: [
      {
        messageId: "unmanagedNoFlag",
        message: "DocumentDB elastic cluster aws_docdbelastic_cluster.docs sets admin_user_password from variable docs_password, so the master password is not kept in Secrets Manager and never rotates; use a {{resolve:secretsmanager:...}} dynamic reference to a secret with a rotation schedule.",
        resource: "aws_docdbelastic_cluster.docs",
        tf: [2, 25, 2, 42],
        tfjson: [5, 32, 5, 54],
      },
    ] },
  { name: "Terraform: password and managed flag together", tf: `resource "aws_docdb_cluster" "docs" {\n  master_password             = var.docs_password\n  manage_master_user_password = true\n}\n\nvariable "docs_password" {}\n`, errors: [
      {
        messageId: "conflict",
        message: "DocumentDB cluster aws_docdb_cluster.docs sets master_password although manage_master_user_password is true, a combination the service rejects; remove master_password and let Secrets Manager own the password.",
        resource: "aws_docdb_cluster.docs",
        tf: [2, 33, 2, 50],
        tfjson: [5, 28, 5, 50],
      },
    ] },
];

testRule(rule, {
  valid: [
    ...TERRAFORM_VALID,
    { name: "password managed by RDS", yaml: template(instance("      ManageMasterUserPassword: true\n")) },
    {
      name: "Secrets Manager dynamic reference",
      yaml: template(instance("      MasterUserPassword: '{{resolve:secretsmanager:prod/orders/db:SecretString:password}}'\n")),
    },
    {
      name: "Secrets Manager dynamic reference built with Sub",
      yaml: template(instance("      MasterUserPassword: !Sub '{{resolve:secretsmanager:${DbSecret}:SecretString:password}}'\n")),
    },
    {
      name: "Secrets Manager dynamic reference built with Join",
      yaml: template(instance("      MasterUserPassword: !Join ['', ['{{resolve:secretsmanager:', !Ref DbSecret, ':SecretString:password}}']]\n")),
    },
    {
      name: "read replica inherits the password of its source",
      yaml: template(instance("      SourceDBInstanceIdentifier: orders-primary\n      MasterUserPassword: 'Tr0ub4dor&3-Horse!'\n")),
    },
    {
      name: "cluster member inherits the cluster's password",
      yaml: template(instance("      DBClusterIdentifier: !Ref OrdersCluster\n      MasterUserPassword: !Ref DbPassword\n"), "Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n"),
    },
    {
      name: "cluster restored from a snapshot",
      yaml: template("  OrdersCluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      SnapshotIdentifier: orders-2024-01-01\n      MasterUserPassword: 'Tr0ub4dor&3-Horse!'\n"),
    },
    { name: "no password and no managed flag", yaml: template(instance("      AllocatedStorage: '20'\n")) },
    {
      name: "password that is AWS::NoValue when the password is managed",
      yaml: template(
        instance("      ManageMasterUserPassword: true\n      MasterUserPassword: !If [UseManaged, !Ref AWS::NoValue, !Ref DbPassword]\n"),
        "Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\nConditions:\n  UseManaged: !Equals [true, true]\n",
      ),
    },
    { name: "password produced by another resource", yaml: template(instance("      MasterUserPassword: !GetAtt PasswordMaker.Value\n") + "  PasswordMaker:\n    Type: Custom::Password\n") },
    { name: "imported password cannot be judged", yaml: template(instance("      MasterUserPassword: !ImportValue SharedDbPassword\n")) },
    {
      name: "Redshift Serverless namespace without an admin password",
      yaml: template("  Warehouse:\n    Type: AWS::RedshiftServerless::Namespace\n    Properties:\n      NamespaceName: warehouse\n"),
    },
  ],
  invalid: [
    ...TERRAFORM_INVALID,
    {
      name: "literal password on an RDS instance",
      yaml: template(instance("      MasterUserPassword: 'Tr0ub4dor&3-Horse!'\n")),
      errors: [{
        messageId: "unmanaged",
        message: unmanaged("RDS instance", "OrdersDb", "MasterUserPassword", "a literal value", "ManageMasterUserPassword"),
        resource: "OrdersDb",
        yaml: [15, 27, 15, 47],
        json: [19, 31, 19, 51],
      }],
    },
    {
      name: "literal password with the managed flag off",
      yaml: template(instance("      ManageMasterUserPassword: false\n      MasterUserPassword: hunter22\n")),
      errors: [{
        messageId: "unmanaged",
        message: unmanaged("RDS instance", "OrdersDb", "MasterUserPassword", "a literal value", "ManageMasterUserPassword"),
        yaml: [16, 27, 16, 35],
        json: [20, 31, 20, 41],
      }],
    },
    {
      name: "NoEcho parameter on an Aurora cluster",
      yaml: template(
        "  OrdersCluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      MasterUsername: orders\n      MasterUserPassword: !Ref DbPassword\n",
        "Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n",
      ),
      errors: [{
        messageId: "unmanaged",
        message: unmanaged("Aurora/RDS cluster", "OrdersCluster", "MasterUserPassword", "parameter DbPassword", "ManageMasterUserPassword"),
        yaml: [18, 27, 18, 42],
        json: [24, 31, 26, 10],
      }],
    },
    {
      name: "parameter with a default on a Redshift cluster",
      yaml: template(
        "  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      MasterUsername: admin\n      MasterUserPassword: !Ref WarehousePassword\n",
        "Parameters:\n  WarehousePassword:\n    Type: String\n    NoEcho: true\n    Default: 'Tr0ub4dor&3-Horse!'\n",
      ),
      errors: [{
        messageId: "unmanaged",
        message: unmanaged(
          "Redshift cluster", "Warehouse", "MasterUserPassword", "parameter WarehousePassword, whose default is written in the template", "ManageMasterPassword",
        ),
        yaml: [19, 27, 19, 49],
        json: [25, 31, 27, 10],
      }],
    },
    {
      name: "SSM SecureString on a Redshift Serverless namespace",
      yaml: template("  Warehouse:\n    Type: AWS::RedshiftServerless::Namespace\n    Properties:\n      AdminUsername: admin\n      AdminUserPassword: '{{resolve:ssm-secure:/prod/warehouse/admin:3}}'\n"),
      errors: [{
        messageId: "unmanaged",
        message: unmanaged("Redshift Serverless namespace", "Warehouse", "AdminUserPassword", "an SSM SecureString dynamic reference", "ManageAdminPassword"),
        yaml: [13, 26, 13, 74],
        json: [17, 30, 17, 78],
      }],
    },
    {
      name: "SSM SecureString built with Sub on a DocumentDB cluster",
      yaml: template(
        "  Docs:\n    Type: AWS::DocDB::DBCluster\n    Properties:\n      MasterUsername: docs\n      MasterUserPassword: !Sub '{{resolve:ssm-secure:/${Env}/docdb/password:1}}'\n",
        "Parameters:\n  Env:\n    Type: String\n",
      ),
      errors: [{
        messageId: "unmanaged",
        message: unmanaged("DocumentDB cluster", "Docs", "MasterUserPassword", "an SSM SecureString dynamic reference", "ManageMasterUserPassword"),
        yaml: [16, 27, 16, 81],
        json: [22, 31, 24, 10],
      }],
    },
    {
      name: "plain SSM parameter on a DocumentDB elastic cluster, which has no managed option",
      yaml: template(
        "  Docs:\n    Type: AWS::DocDBElastic::Cluster\n    Properties:\n      AdminUserName: docs\n      AuthType: PLAIN_TEXT\n      AdminUserPassword: '{{resolve:ssm:/prod/docs/password:2}}'\n",
      ),
      errors: [{
        messageId: "unmanagedNoFlag",
        message:
          "DocumentDB elastic cluster Docs sets AdminUserPassword from a plain SSM parameter dynamic reference, so the master password " +
          "is not kept in Secrets Manager and never rotates; use a {{resolve:secretsmanager:...}} dynamic reference to a secret with a rotation schedule.",
        yaml: [14, 26, 14, 65],
        json: [18, 30, 18, 69],
      }],
    },
    {
      name: "password assembled from parameters",
      yaml: template(instance("      MasterUserPassword: !Sub '${Prefix}-${Suffix}'\n"), "Parameters:\n  Prefix:\n    Type: String\n  Suffix:\n    Type: String\n"),
      errors: [{
        messageId: "unmanaged",
        message: unmanaged("RDS instance", "OrdersDb", "MasterUserPassword", "a value built with Fn::Sub or Fn::Join", "ManageMasterUserPassword"),
        yaml: [20, 27, 20, 53],
        json: [27, 31, 29, 10],
      }],
    },
    {
      name: "managed flag that cannot be resolved: the stack deploys only with it off",
      yaml: template(
        instance("      ManageMasterUserPassword: !Ref UseManaged\n      MasterUserPassword: !Ref DbPassword\n"),
        "Parameters:\n  UseManaged:\n    Type: String\n  DbPassword:\n    Type: String\n    NoEcho: true\n",
      ),
      errors: [{
        messageId: "unmanaged",
        message: unmanaged("RDS instance", "OrdersDb", "MasterUserPassword", "parameter DbPassword", "ManageMasterUserPassword"),
        yaml: [22, 27, 22, 42],
        json: [31, 31, 33, 10],
      }],
    },
    {
      name: "both the managed flag and a password",
      yaml: template(instance("      ManageMasterUserPassword: true\n      MasterUserPassword: '{{resolve:secretsmanager:prod/orders/db:SecretString:password}}'\n")),
      errors: [{
        messageId: "conflict",
        message:
          "RDS instance OrdersDb sets MasterUserPassword although ManageMasterUserPassword is true, a combination the service " +
          "rejects; remove MasterUserPassword and let Secrets Manager own the password.",
        yaml: [16, 27, 16, 92],
        json: [20, 31, 20, 96],
      }],
    },
  ],
});
