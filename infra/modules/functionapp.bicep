metadata description = 'The Flex Consumption (FC1) plan and the .NET 10 isolated function app. Every connection is identity-based through the user-assigned managed identity.'

// Definitions

@export()
@description('Always-ready instances for one scale group: "http", "durable", "blob", or "function:<FunctionName>" for a single trigger such as a Service Bus subscription.')
type alwaysReadyGroup = {
  @description('Required. The group ("http", "durable", "blob") or "function:<FunctionName>".')
  name: string

  @description('Required. Instances kept warm (billed at the always-ready baseline rate).')
  @minValue(1)
  @maxValue(20)
  instanceCount: int
}

@export()
@description('Instance memory in MB of a Flex Consumption instance.')
type instanceMemory = 512 | 2048 | 4096

@description('Required. Name of the Flex Consumption plan.')
param planName string

@description('Required. Name of the function app; azd deploys service "api" to it.')
param name string

@description('Required. Azure region of the plan and the app.')
param location string

@description('Optional. Tags applied to the plan.')
param tags resourceInput<'Microsoft.Web/serverfarms@2024-04-01'>.tags = {}

@description('Required. Tags applied to the app; they must include azd-service-name.')
param appTags resourceInput<'Microsoft.Web/sites@2024-04-01'>.tags

@description('Required. Resource ID of the user-assigned managed identity.')
param identityResourceId string

@description('Required. Client ID of the user-assigned managed identity.')
param identityClientId string

@description('Required. Name of the storage account (AzureWebJobsStorage and the Durable Azure Storage backend).')
param storageAccountName string

@description('Required. Blob endpoint of the storage account, ending in a slash.')
param storageBlobEndpoint string

@description('Required. Blob container the app package is deployed to.')
param deploymentContainerName string

@description('Required. Fully qualified Service Bus namespace, e.g. sb-x.servicebus.windows.net.')
param serviceBusFullyQualifiedNamespace string

@description('Required. The topic the app publishes order events to.')
param topicName string

@description('Required. Name of the Application Insights component; its connection string never leaves this module.')
param applicationInsightsName string

@description('Optional. How long the fulfillment saga waits for PaymentConfirmed (a .NET TimeSpan, e.g. 00:15:00).')
param paymentConfirmationTimeout string = '00:15:00'

@description('Optional. Memory of each instance in MB.')
param instanceMemoryMB instanceMemory = 2048

@description('Optional. Upper bound of instances the app scales out to; it also bounds the cost of a burst.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Optional. Always-ready instances; empty means the app scales to zero when idle.')
param alwaysReady alwaysReadyGroup[] = []

@description('Optional. Subnet (delegated to Microsoft.App/environments) for outbound VNet integration; empty for none.')
param virtualNetworkSubnetId string = ''

@description('Required. Versionless Key Vault URI of the payment webhook signing secret; the app setting is a Key Vault reference to it, never its value.')
param webhookSigningReferenceUri string

@description('Required. Application (client) ID of the Microsoft Entra app registration that App Service Authentication validates tokens for.')
@minLength(1)
param authClientId string

@description('Optional. Paths App Service Authentication lets through without a signed-in caller. The payment provider cannot sign in; its webhook authenticates with its HMAC signature instead.')
param authExcludedPaths string[] = [
  '/api/payments/webhook'
]

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Identity-based connections: <prefix>__credential + <prefix>__clientId select the user-assigned identity.
var identitySettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  ServiceBus__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  ServiceBus__credential: 'managedidentity'
  ServiceBus__clientId: identityClientId
  Tables__serviceUri: 'https://${storageAccountName}.table.${environment().suffixes.storage}'
  Tables__credential: 'managedidentity'
  Tables__clientId: identityClientId
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

var appSettings = union(identitySettings, {
  // Not a secret (it only identifies where to send telemetry; ingestion requires the identity), but kept out of outputs.
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  Fulfillment__PaymentConfirmationTimeout: paymentConfirmationTimeout
  Messaging__TopicName: topicName
  // A Key Vault reference: App Service resolves it with keyVaultReferenceIdentity; the value never appears here.
  PaymentWebhook__SigningSecret: '@Microsoft.KeyVault(SecretUri=${webhookSigningReferenceUri})'
})

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: appTags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    // Key Vault references resolve with the user-assigned identity (the default would be a system-assigned one, which this app has not).
    keyVaultReferenceIdentity: identityResourceId
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: map(items(appSettings), setting => { name: setting.key, value: setting.value })
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReady
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Publishing with basic (user name and password) credentials is off for FTP and for the SCM site;
  // azd deploys with an Entra ID token.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }

  // App Service Authentication (Easy Auth) with Microsoft Entra ID: every request needs a valid token for the app
  // registration (401 otherwise), except the excluded paths; the platform then injects X-MS-CLIENT-PRINCIPAL, which
  // the functions read as the caller. No client secret: an API only validates bearer tokens.
  resource authSettings 'config' = {
    name: 'authsettingsV2'
    properties: {
      platform: {
        enabled: true
      }
      globalValidation: {
        requireAuthentication: true
        unauthenticatedClientAction: 'Return401'
        excludedPaths: authExcludedPaths
      }
      identityProviders: {
        azureActiveDirectory: {
          enabled: true
          registration: {
            clientId: authClientId
            openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
          }
          validation: {
            allowedAudiences: [
              'api://${authClientId}'
              authClientId
            ]
          }
        }
      }
      login: {
        tokenStore: {
          enabled: false
        }
      }
      httpSettings: {
        requireHttps: true
      }
    }
  }
}

@description('Resource ID of the function app.')
output resourceId string = site.id

@description('Name of the function app.')
output name string = site.name

@description('Default host name of the function app.')
output defaultHostName string = site.properties.defaultHostName

@description('Names of the app settings the module sets, so main.bicep and the tests can check them.')
output appSettingNames string[] = objectKeys(appSettings)
