metadata description = 'The Service Bus namespace with its topics, subscriptions and rules, all taken from infra/servicebus.topology.json: the same file the emulators read.'

// Definitions

@export()
@description('Service Bus tier: Standard (pay per operation) or Premium (dedicated messaging units, private endpoints).')
type serviceBusSku = 'Standard' | 'Premium'

// The topology in the official emulator's Config.json shape (PascalCase properties, FilterType Correlation or Sql).
// Typed loosely: a topology without any SQL rule (or rule action) must compile too, so no property is assumed present.
var topology = any(loadJsonContent('../servicebus.topology.json'))
var topics = topology.UserConfig.Namespaces[0].Topics
var queues = topology.UserConfig.Namespaces[0].?Queues ?? []

// Emulator property names are PascalCase, ARM's are camelCase; the values (ISO 8601 durations, booleans,
// counts) are the same. A property the file leaves out is left out here too, so Azure applies its default.
var camelCasedTopics = [
  for topic in topics: {
    name: topic.Name
    properties: toObject(items(topic.?Properties ?? {}), p => camelCase(p.key), p => p.value)
  }
]

@description('Required. Name of the namespace.')
param name string

@description('Required. Azure region of the namespace.')
param location string

@description('Optional. Standard by default; Premium for private endpoints, isolation and predictable latency.')
param sku serviceBusSku = 'Standard'

@description('Optional. Messaging units when sku is Premium (1, 2, 4, 8 or 16); ignored on Standard.')
@allowed([1, 2, 4, 8, 16])
param premiumMessagingUnits int = 1

@description('Optional. Whether the namespace refuses public network traffic (Premium with private endpoints only).')
param privateNetworkOnly bool = false

@description('Optional. Tags applied to the namespace.')
param tags resourceInput<'Microsoft.ServiceBus/namespaces@2024-01-01'>.tags = {}

func camelCase(pascal string) string => '${toLower(substring(pascal, 0, 1))}${substring(pascal, 1)}'

var subscriptions = flatten(map(
  topics,
  topic =>
    map(topic.?Subscriptions ?? [], subscription => {
      topicName: topic.Name
      name: subscription.Name
      properties: toObject(items(subscription.?Properties ?? {}), p => camelCase(p.key), p => p.value)
    })
))

var rules = flatten(map(
  topics,
  topic =>
    flatten(map(
      topic.?Subscriptions ?? [],
      subscription =>
        map(subscription.?Rules ?? [], rule => {
          topicName: topic.Name
          subscriptionName: subscription.Name
          name: rule.Name
          properties: rule.Properties.FilterType == 'Correlation'
            ? {
                filterType: 'CorrelationFilter'
                correlationFilter: toObject(items(rule.Properties.CorrelationFilter), p => camelCase(p.key), p => p.value)
              }
            : union(
                {
                  filterType: 'SqlFilter'
                  sqlFilter: { sqlExpression: rule.Properties.SqlFilter.SqlExpression }
                },
                rule.Properties.?Action == null ? {} : { action: { sqlExpression: rule.Properties.Action.SqlExpression } }
              )
        })
    ))
))

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
    capacity: sku == 'Premium' ? premiumMessagingUnits : null
  }
  properties: {
    // SAS keys and connection strings are refused: every client authenticates with Entra ID.
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: privateNetworkOnly ? 'Disabled' : 'Enabled'
    zoneRedundant: sku == 'Premium'
  }
}

resource queueResources 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [
  for queue in queues: {
    parent: namespace
    name: queue.Name
    properties: toObject(items(queue.?Properties ?? {}), p => camelCase(p.key), p => p.value)
  }
]

resource topicResources 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = [
  for topic in camelCasedTopics: {
    parent: namespace
    name: topic.name
    properties: topic.properties
  }
]

resource subscriptionResources 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for subscription in subscriptions: {
    #disable-next-line use-parent-property
    name: '${namespace.name}/${subscription.topicName}/${subscription.name}'
    properties: subscription.properties
    dependsOn: [
      topicResources
    ]
  }
]

// Azure removes a subscription's implicit $Default (1=1) rule when the first explicit rule is added.
resource ruleResources 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [
  for rule in rules: {
    #disable-next-line use-parent-property
    name: '${namespace.name}/${rule.topicName}/${rule.subscriptionName}/${rule.name}'
    properties: rule.properties
    dependsOn: [
      subscriptionResources
    ]
  }
]

@description('Resource ID of the namespace.')
output resourceId string = namespace.id

@description('Name of the namespace.')
output name string = namespace.name

@description('Fully qualified namespace host name, e.g. <name>.servicebus.windows.net: the value of ServiceBus__fullyQualifiedNamespace.')
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'

@description('The topics and their subscriptions, as the rbac and alerts modules need them.')
output topics { name: string, subscriptions: string[] }[] = [
  for topic in topics: {
    name: topic.Name
    subscriptions: map(topic.?Subscriptions ?? [], s => s.Name)
  }
]
