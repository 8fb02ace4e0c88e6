metadata description = 'The Key Vault that holds the app\'s secrets (the payment webhook signing secret), in RBAC mode, with the app identity as the only reader.'

@description('Required. Name of the vault (3 to 24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region of the vault.')
param location string

@description('Optional. Tags applied to the vault.')
param tags resourceInput<'Microsoft.KeyVault/vaults@2023-07-01'>.tags = {}

@description('Required. Principal (object) ID of the app\'s user-assigned managed identity; it gets Key Vault Secrets User on this vault only.')
param appPrincipalId string

@description('Required. Name of the app\'s user-assigned managed identity; it seeds the role assignment name.')
param appIdentityName string

@description('Optional. Name of the secret the payment provider signs its webhooks with. The template never sets its value: an operator stores it (see infra/README.md).')
param paymentWebhookSecretName string = 'payment-webhook-signing-secret'

@description('Optional. Days a deleted vault or secret stays recoverable (7 to 90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

// Built-in role: Key Vault Secrets User (read secret values; no management, no keys, no certificates).
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: appIdentityName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Access is Azure RBAC only: no access policies, so a role assignment is the one way in and it shows in IAM.
    enableRbacAuthorization: true
    accessPolicies: []
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // Once on, purge protection cannot be turned off; a deleted vault keeps its name for the retention period.
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForTemplateDeployment: false
    enabledForDiskEncryption: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

// Scoped to this vault, not the resource group: the app can read these secrets and nothing else.
resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appIdentity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

@description('Resource ID of the vault.')
output resourceId string = vault.id

@description('Name of the vault.')
output name string = vault.name

@description('The versionless URI of the webhook signing secret, for a Key Vault reference (the latest version is used, and picked up after a rotation).')
output webhookSigningReferenceUri string = '${vault.properties.vaultUri}secrets/${paymentWebhookSecretName}'
