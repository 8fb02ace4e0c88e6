targetScope = 'subscription'

metadata description = 'AzureEventKit: an event-driven .NET 10 Functions app on Flex Consumption with Service Bus topics, Durable Functions on Azure Storage and Azure Tables. Every connection uses one user-assigned managed identity; no keys, connection strings or SAS anywhere.'

import { alwaysReadyGroup, instanceMemory } from 'modules/functionapp.bicep'
import { serviceBusSku as serviceBusTier } from 'modules/messaging.bicep'
import { principalKind } from 'modules/rbac.bicep'

@description('Required. Name of the azd environment; it names the resource group and seeds every resource name.')
@minLength(1)
@maxLength(64)
param environmentName string

// The regions that host Flex Consumption (FC1) apps; `az functionapp list-flexconsumption-locations` prints the
// current list. azd offers only these when it asks for a location, so `azd up` cannot pick a region where the plan
// would fail to deploy. Add a region here when Azure adds it.
@allowed([
  'australiaeast'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'northcentralus'
  'northeurope'
  'southcentralus'
  'southeastasia'
  'swedencentral'
  'uksouth'
  'westcentralus'
  'westeurope'
  'westus2'
])
@metadata({ azd: { type: 'location' } })
@description('Required. Azure region of every resource; one that hosts Flex Consumption apps.')
param location string

@description('Optional. Object ID of the developer running azd; gets data roles so the app can run locally against these resources. Empty for none.')
param principalId string = ''

@description('Optional. Kind of principalId: User at a desk, ServicePrincipal in a pipeline.')
param principalType principalKind = 'User'

@description('Optional. Service Bus tier; Premium is required for a private endpoint.')
param serviceBusSku serviceBusTier = 'Standard'

@description('Optional. Premium messaging units (1, 2, 4, 8 or 16); ignored on Standard.')
@allowed([1, 2, 4, 8, 16])
param serviceBusPremiumMessagingUnits int = 1

@description('Optional. Put the app behind a VNet: VNet integration, private endpoints and DNS zones for storage (and Service Bus on Premium).')
param vnetEnabled bool = false

@description('Optional. Memory of each Flex Consumption instance in MB.')
param instanceMemoryMB instanceMemory = 2048

@description('Optional. Upper bound of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Optional. Always-ready instances, e.g. [{ name: \'function:StartFulfillment\', instanceCount: 1 }] to avoid the Service Bus cold start after scale to zero.')
param alwaysReady alwaysReadyGroup[] = []

@description('Optional. How long the fulfillment saga waits for PaymentConfirmed (a .NET TimeSpan).')
param paymentConfirmationTimeout string = '00:15:00'

@description('Optional. Tables the app keeps its state in (AzureEventKit.Functions.Storage.OrderTables.All); created up front, so the app\'s own create-if-not-exists at start-up finds them.')
param appTableNames string[] = ['Orders', 'Notifications', 'DeadLetters']

@description('Optional. Daily Log Analytics ingestion cap in GB (-1 for none). 1 GB keeps an idle or runaway environment cheap but drops telemetry above roughly 15,000 unsampled orders a day.')
@minValue(-1)
param logDailyCapGb int = 1

@description('Optional. E-mail address for alerts and budget notifications; empty to add receivers later.')
param alertEmail string = ''

@description('Optional. Monthly budget of the resource group in the billing currency.')
@minValue(1)
param monthlyBudget int = 50

@description('Required. First month of the budget (yyyy-MM-01). Azure cannot change it after creation, so it is fixed once: the preprovision hook pins it in the azd environment (BUDGET_START_DATE) and CI reads it from there.')
@minLength(10)
@maxLength(10)
param budgetStartDate string

@description('Required. Application (client) ID of the Microsoft Entra app registration that signs customers and operators in to the API (App Service Authentication). Create it once per tenant and set AUTH_CLIENT_ID (see infra/README.md).')
@minLength(1)
param authClientId string

var abbreviations = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var names = {
  identity: '${abbreviations.managedIdentityUserAssignedIdentities}${resourceToken}'
  logAnalytics: '${abbreviations.operationalInsightsWorkspaces}${resourceToken}'
  applicationInsights: '${abbreviations.insightsComponents}${resourceToken}'
  storage: '${abbreviations.storageStorageAccounts}${resourceToken}'
  serviceBus: '${abbreviations.serviceBusNamespaces}${resourceToken}'
  plan: '${abbreviations.webServerFarms}${resourceToken}'
  functionApp: '${abbreviations.webSitesFunctions}${resourceToken}'
  vnet: '${abbreviations.networkVirtualNetworks}${resourceToken}'
  actionGroup: '${abbreviations.insightsActionGroups}${resourceToken}'
  keyVault: '${abbreviations.keyVaultVaults}${resourceToken}'
  // Budget names allow only letters, digits, '-' and '_' (1 to 63); azd environment names may also hold '.', '(' and ')'.
  budget: take('${abbreviations.consumptionBudgets}${replace(replace(replace(environmentName, '.', '-'), '(', '-'), ')', '-')}', 63)
}
var serviceBusPrivate = vnetEnabled && serviceBusSku == 'Premium'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbreviations.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    dailyQuotaGb: logDailyCapGb
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: names.storage
    location: location
    deploymentContainerName: 'app-package'
    tableNames: appTableNames
    privateNetworkOnly: vnetEnabled
    tags: tags
  }
}

module messaging 'modules/messaging.bicep' = {
  name: 'messaging'
  scope: resourceGroup
  params: {
    name: names.serviceBus
    location: location
    sku: serviceBusSku
    premiumMessagingUnits: serviceBusPremiumMessagingUnits
    privateNetworkOnly: serviceBusPrivate
    tags: tags
  }
}

module network 'modules/network.bicep' = if (vnetEnabled) {
  name: 'network'
  scope: resourceGroup
  params: {
    name: names.vnet
    location: location
    privateEndpointPrefix: abbreviations.networkPrivateEndpoints
    storageAccountId: storage.outputs.resourceId
    serviceBusNamespaceId: serviceBusPrivate ? messaging.outputs.resourceId : ''
    tags: tags
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: resourceGroup
  params: {
    appIdentityName: names.identity
    appPrincipalId: identity.outputs.principalId
    developerPrincipalId: principalId
    developerPrincipalType: principalType
    storageAccountName: names.storage
    serviceBusNamespaceName: names.serviceBus
    topics: messaging.outputs.topics
    applicationInsightsName: names.applicationInsights
  }
  // Names are passed (known at deployment start, so what-if stays precise); these modules create the resources.
  dependsOn: [
    storage
    monitoring
  ]
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: resourceGroup
  params: {
    name: names.keyVault
    location: location
    tags: tags
    appIdentityName: names.identity
    appPrincipalId: identity.outputs.principalId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: resourceGroup
  params: {
    planName: names.plan
    name: names.functionApp
    location: location
    tags: tags
    appTags: union(tags, { 'azd-service-name': 'api' })
    identityResourceId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: names.storage
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    serviceBusFullyQualifiedNamespace: messaging.outputs.fullyQualifiedNamespace
    topicName: messaging.outputs.topics[0].name
    applicationInsightsName: names.applicationInsights
    paymentConfirmationTimeout: paymentConfirmationTimeout
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    alwaysReady: alwaysReady
    virtualNetworkSubnetId: vnetEnabled ? network!.outputs.appSubnetId : ''
    webhookSigningReferenceUri: keyVault.outputs.webhookSigningReferenceUri
    authClientId: authClientId
  }
  // The host starts with its data roles in place instead of failing until they appear.
  dependsOn: [
    monitoring
    rbac
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: resourceGroup
  params: {
    actionGroupName: names.actionGroup
    namePrefix: '${abbreviations.insightsMetricAlerts}${resourceToken}-'
    location: location
    alertEmail: alertEmail
    serviceBusNamespaceId: messaging.outputs.resourceId
    topicNames: map(messaging.outputs.topics, t => t.name)
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    functionAppName: functionApp.outputs.name
    tags: tags
  }
}

module budget 'modules/budget.bicep' = {
  name: 'budget'
  scope: resourceGroup
  params: {
    name: names.budget
    amount: monthlyBudget
    startDate: budgetStartDate
    contactEmails: empty(alertEmail) ? [] : [alertEmail]
    actionGroupId: alerts.outputs.actionGroupId
  }
}

// azd stores these in .azure/<env>/.env; hooks and `azd env get-values` read them. None is a secret.
@description('Region of the deployment.')
output AZURE_LOCATION string = location

@description('Tenant of the deployment.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group holding every resource.')
output AZURE_RESOURCE_GROUP string = resourceGroup.name

@description('Client ID of the app\'s user-assigned managed identity.')
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('Name of the function app (azd service "api").')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Base URL of the function app.')
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'

@description('Fully qualified Service Bus namespace (ServiceBus__fullyQualifiedNamespace).')
output SERVICEBUS_NAMESPACE_FQDN string = messaging.outputs.fullyQualifiedNamespace

@description('The topic order events are published to (Messaging__TopicName).')
output SERVICEBUS_TOPIC_NAME string = messaging.outputs.topics[0].name

@description('Name of the storage account (AzureWebJobsStorage__accountName).')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Table endpoint of the storage account (Tables__serviceUri).')
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint

@description('Name of the Application Insights component.')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName

@description('How long the saga waits for payment confirmation (Fulfillment__PaymentConfirmationTimeout).')
output FULFILLMENT_PAYMENT_CONFIRMATION_TIMEOUT string = paymentConfirmationTimeout

@description('Whether the resources are reachable only from the VNet (local runs against them then need network access).')
output AZURE_VNET_ENABLED bool = vnetEnabled

@description('Name of the Key Vault that holds the payment webhook signing secret (store it with az keyvault secret set; see infra/README.md).')
output AZURE_VAULT_NAME string = keyVault.outputs.name
