metadata description = 'Least-privilege data-plane role assignments for the app identity and, optionally, the deploying developer. Each role is scoped to the narrowest resource that works.'

// Definitions

@export()
@description('A topic and the names of its subscriptions, as the messaging module outputs them.')
type topicSubscriptions = {
  @description('Required. Topic name.')
  name: string

  @description('Required. Subscription names of the topic.')
  subscriptions: string[]
}

@export()
@description('Who signs in as the developer running azd (a user at a desk, a service principal in a pipeline).')
type principalKind = 'User' | 'ServicePrincipal' | 'Group'

// Built-in role definition IDs (the same in every tenant).
var roles = {
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

@description('Required. Name of the app\'s user-assigned managed identity (in this resource group); it seeds the assignment names.')
param appIdentityName string

@description('Required. Principal (object) ID of the app\'s user-assigned managed identity.')
param appPrincipalId string

@description('Optional. Principal ID of the deploying developer, for running the app locally against these resources; empty for none.')
param developerPrincipalId string = ''

@description('Optional. Kind of the developer principal.')
param developerPrincipalType principalKind = 'User'

@description('Required. Name of the storage account.')
param storageAccountName string

@description('Required. Name of the Service Bus namespace.')
param serviceBusNamespaceName string

@description('Required. Topics and subscriptions: senders get each topic, receivers each subscription.')
param topics topicSubscriptions[]

@description('Required. Name of the Application Insights component the app sends telemetry to.')
param applicationInsightsName string

var principals = concat(
  [{ id: appPrincipalId, key: appIdentity.id, type: 'ServicePrincipal' }],
  empty(developerPrincipalId) ? [] : [{ id: developerPrincipalId, key: developerPrincipalId, type: developerPrincipalType }]
)

// The Functions host keeps leases and keys in blobs; the Durable Azure Storage backend uses queues, tables and
// blobs it creates at run time; the app keeps state in tables. Those containers, queues and tables are created
// on the fly, so the account is the narrowest scope that works.
var storageRoleIds = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

var storageAssignments = flatten(map(principals, p => map(storageRoleIds, r => { principal: p, roleId: r })))

var topicAssignments = flatten(map(principals, p => map(range(0, length(topics)), i => { principal: p, index: i })))

var subscriptionList = flatten(map(topics, t => map(t.subscriptions, s => { topic: t.name, name: s })))

var subscriptionAssignments = flatten(map(
  principals,
  p => map(range(0, length(subscriptionList)), i => { principal: p, index: i })
))

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: appIdentityName
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource topicRefs 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' existing = [
  for topic in topics: {
    parent: namespace
    name: topic.name
  }
]

resource subscriptionRefs 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' existing = [
  for subscription in subscriptionList: {
    #disable-next-line use-parent-property
    name: '${namespace.name}/${subscription.topic}/${subscription.name}'
  }
]

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for a in storageAssignments: {
    name: guid(storage.id, a.principal.key, a.roleId)
    scope: storage
    properties: {
      principalId: a.principal.id
      principalType: a.principal.type
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', a.roleId)
    }
  }
]

// Publishing (PlaceOrder, the saga's outcome events, dead-letter replay) sends to the topic only.
resource senderRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for a in topicAssignments: {
    name: guid(topicRefs[a.index].id, a.principal.key, roles.serviceBusDataSender)
    scope: topicRefs[a.index]
    properties: {
      principalId: a.principal.id
      principalType: a.principal.type
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
    }
  }
]

// Each trigger receives from its own subscription and that subscription's dead-letter queue.
resource receiverRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for a in subscriptionAssignments: {
    name: guid(subscriptionRefs[a.index].id, a.principal.key, roles.serviceBusDataReceiver)
    scope: subscriptionRefs[a.index]
    properties: {
      principalId: a.principal.id
      principalType: a.principal.type
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
    }
  }
]

// Entra ID-authenticated telemetry ingestion (Application Insights has local auth disabled). App identity only.
resource metricsPublisherRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, appIdentity.id, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

@description('Number of role assignments this module creates.')
output assignmentCount int = length(storageAssignments) + length(topicAssignments) + length(subscriptionAssignments) + 1
