metadata description = 'Optional private networking: a VNet with an integration subnet for the function app, private endpoints and private DNS zones for storage (blob, queue, table) and, on Premium, Service Bus.'

@description('Required. Name of the virtual network.')
param name string

@description('Required. Azure region of the network and the private endpoints.')
param location string

@description('Required. Prefix for private endpoint names, e.g. pe-.')
param privateEndpointPrefix string

@description('Required. Resource ID of the storage account to reach privately.')
param storageAccountId string

@description('Optional. Resource ID of the Service Bus namespace to reach privately (Premium only); empty for none.')
param serviceBusNamespaceId string = ''

@description('Optional. Address space of the VNet.')
param addressPrefix string = '10.40.0.0/16'

@description('Optional. Subnet the function app integrates with (delegated to Microsoft.App/environments for Flex Consumption).')
param appSubnetPrefix string = '10.40.1.0/24'

@description('Optional. Subnet of the private endpoints.')
param privateEndpointSubnetPrefix string = '10.40.2.0/24'

@description('Optional. Tags applied to every resource.')
param tags resourceInput<'Microsoft.Network/virtualNetworks@2024-05-01'>.tags = {}

var storageSuffix = environment().suffixes.storage

var storageTargets = [
  { groupId: 'blob', zone: 'privatelink.blob.${storageSuffix}' }
  { groupId: 'queue', zone: 'privatelink.queue.${storageSuffix}' }
  { groupId: 'table', zone: 'privatelink.table.${storageSuffix}' }
]

var serviceBusTargets = empty(serviceBusNamespaceId)
  ? []
  : [{ groupId: 'namespace', zone: 'privatelink.servicebus.windows.net' }]

var targets = concat(
  map(storageTargets, t => union(t, { resourceId: storageAccountId, resourceName: last(split(storageAccountId, '/')) })),
  map(serviceBusTargets, t => union(t, { resourceId: serviceBusNamespaceId, resourceName: last(split(serviceBusNamespaceId, '/')) }))
)

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [addressPrefix]
    }
    subnets: [
      {
        name: 'snet-app'
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'snet-private-endpoints'
        properties: {
          addressPrefix: privateEndpointSubnetPrefix
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: 'snet-app'
  }

  resource privateEndpointSubnet 'subnets' existing = {
    name: 'snet-private-endpoints'
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for target in targets: {
    name: target.zone
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (target, i) in targets: {
    parent: zones[i]
    name: vnet.name
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for target in targets: {
    name: '${privateEndpointPrefix}${target.resourceName}-${target.groupId}'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: vnet::privateEndpointSubnet.id
      }
      privateLinkServiceConnections: [
        {
          name: '${target.resourceName}-${target.groupId}'
          properties: {
            privateLinkServiceId: target.resourceId
            groupIds: [target.groupId]
          }
        }
      ]
    }
  }
]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (target, i) in targets: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: replace(target.zone, '.', '-')
          properties: {
            privateDnsZoneId: zones[i].id
          }
        }
      ]
    }
  }
]

@description('Resource ID of the VNet.')
output vnetId string = vnet.id

@description('Resource ID of the subnet the function app integrates with.')
output appSubnetId string = vnet::appSubnet.id
