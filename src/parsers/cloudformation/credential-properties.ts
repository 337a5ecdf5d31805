/**
 * CloudFormation properties whose value is a credential by definition: a literal there is a hardcoded secret.
 * Paths are dotted below `Properties`; `*` stands for every item of a list. Curated from the CloudFormation
 * resource reference; the list is documented in the hardcoded-credential rule's README.
 */
export const CREDENTIAL_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  "AWS::SecretsManager::Secret": ["SecretString"],
  // Databases
  "AWS::RDS::DBInstance": ["MasterUserPassword", "TdeCredentialPassword"],
  "AWS::RDS::DBCluster": ["MasterUserPassword"],
  "AWS::Redshift::Cluster": ["MasterUserPassword"],
  "AWS::RedshiftServerless::Namespace": ["AdminUserPassword"],
  "AWS::DocDB::DBCluster": ["MasterUserPassword"],
  "AWS::DocDBElastic::Cluster": ["AdminUserPassword"],
  "AWS::Lightsail::Database": ["MasterUserPassword"],
  "AWS::ElastiCache::ReplicationGroup": ["AuthToken"],
  "AWS::ElastiCache::User": ["Passwords.*"],
  "AWS::MemoryDB::User": ["AuthenticationMode.Passwords.*"],
  "AWS::OpenSearchService::Domain": ["AdvancedSecurityOptions.MasterUserOptions.MasterUserPassword"],
  "AWS::Elasticsearch::Domain": ["AdvancedSecurityOptions.MasterUserOptions.MasterUserPassword"],
  "AWS::AmazonMQ::Broker": ["Users.*.Password"],
  "AWS::DMS::Endpoint": [
    "Password",
    "MongoDbSettings.Password",
    "OracleSettings.AsmPassword",
    "OracleSettings.SecurityDbEncryption",
    "RedisSettings.AuthPassword",
  ],
  // Directories and file systems joined to them
  "AWS::DirectoryService::MicrosoftAD": ["Password"],
  "AWS::DirectoryService::SimpleAD": ["Password"],
  "AWS::FSx::FileSystem": [
    "WindowsConfiguration.SelfManagedActiveDirectoryConfiguration.Password",
    "OntapConfiguration.FsxAdminPassword",
  ],
  "AWS::FSx::StorageVirtualMachine": [
    "SvmAdminPassword",
    "ActiveDirectoryConfiguration.SelfManagedActiveDirectoryConfiguration.Password",
  ],
  "AWS::DataSync::LocationSMB": ["Password"],
  "AWS::DataSync::LocationObjectStorage": ["SecretKey"],
  // Applications, delivery and integrations
  "AWS::Amplify::App": ["AccessToken", "OauthToken", "BasicAuthConfig.Password"],
  "AWS::Amplify::Branch": ["BasicAuthConfig.Password"],
  "AWS::Pinpoint::APNSChannel": ["PrivateKey", "TokenKey"],
  "AWS::Pinpoint::APNSSandboxChannel": ["PrivateKey", "TokenKey"],
  "AWS::Pinpoint::APNSVoipChannel": ["PrivateKey", "TokenKey"],
  "AWS::Pinpoint::APNSVoipSandboxChannel": ["PrivateKey", "TokenKey"],
  "AWS::Pinpoint::GCMChannel": ["ApiKey", "ServiceJson"],
  "AWS::Pinpoint::BaiduChannel": ["ApiKey", "SecretKey"],
  "AWS::Pinpoint::ADMChannel": ["ClientSecret"],
  "AWS::IAM::User": ["LoginProfile.Password"],
  "AWS::OpsWorks::App": ["AppSource.Password", "SslConfiguration.PrivateKey"],
  "AWS::OpsWorks::Stack": ["CustomCookbooksSource.Password", "RdsDbInstances.*.DbPassword"],
  "AWS::CodePipeline::Webhook": ["AuthenticationConfiguration.SecretToken"],
  "AWS::CodeBuild::SourceCredential": ["Token"],
  "AWS::ApiGateway::ApiKey": ["Value"],
  "AWS::Events::Connection": [
    "AuthParameters.BasicAuthParameters.Password",
    "AuthParameters.ApiKeyAuthParameters.ApiKeyValue",
    "AuthParameters.OAuthParameters.ClientParameters.ClientSecret",
  ],
  "AWS::KinesisFirehose::DeliveryStream": [
    "RedshiftDestinationConfiguration.Password",
    "SplunkDestinationConfiguration.HECToken",
    "HttpEndpointDestinationConfiguration.EndpointConfiguration.AccessKey",
  ],
  "AWS::Glue::Connection": ["ConnectionInput.ConnectionProperties.PASSWORD"],
  "AWS::QuickSight::DataSource": ["Credentials.CredentialPair.Password"],
  "Alexa::ASK::Skill": ["AuthenticationConfiguration.ClientSecret", "AuthenticationConfiguration.RefreshToken"],
};
