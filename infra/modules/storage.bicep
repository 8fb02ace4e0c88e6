metadata description = 'The storage account for the Functions host, the Durable Azure Storage backend, the Flex Consumption deployment package and the app state tables. Shared keys off: identity only.'

@description('Required. Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region of the account.')
param location string

@description('Required. Name of the blob container Flex Consumption deploys the app package from.')
param deploymentContainerName string

@description('Optional. Tables the app keeps its state in. The Durable backend creates its own tables, queues and containers at run time.')
param tableNames string[] = []

@description('Optional. Whether the account is reachable only through private endpoints (the network module creates them).')
param privateNetworkOnly bool = false

@description('Optional. Tags applied to the account.')
param tags resourceInput<'Microsoft.Storage/storageAccounts@2024-01-01'>.tags = {}

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: privateNetworkOnly ? 'Disabled' : 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: privateNetworkOnly ? 'Deny' : 'Allow'
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  resource tableService 'tableServices' = {
    name: 'default'

    resource appTables 'tables' = [
      for tableName in tableNames: {
        name: tableName
      }
    ]
  }
}

@description('Resource ID of the account.')
output resourceId string = account.id

@description('Name of the account.')
output name string = account.name

@description('Blob endpoint, e.g. https://<account>.blob.core.windows.net/.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Queue endpoint.')
output queueEndpoint string = account.properties.primaryEndpoints.queue

@description('Table endpoint.')
output tableEndpoint string = account.properties.primaryEndpoints.table

@description('Name of the deployment container.')
output deploymentContainerName string = account::blobService::deploymentContainer.name
