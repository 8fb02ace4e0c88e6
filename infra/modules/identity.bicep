metadata description = 'The user-assigned managed identity that every Azure resource of the app authenticates with.'

@description('Required. Name of the user-assigned managed identity.')
param name string

@description('Required. Azure region of the identity.')
param location string

@description('Optional. Tags applied to the identity.')
param tags resourceInput<'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31'>.tags = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource ID of the identity.')
output resourceId string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Client (application) ID of the identity, used by app settings ending in __clientId.')
output clientId string = identity.properties.clientId

@description('Object (principal) ID of the identity, used by role assignments.')
output principalId string = identity.properties.principalId
