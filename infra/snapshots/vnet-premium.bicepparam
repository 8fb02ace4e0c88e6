using '../main.bicep'

// Snapshot parameter set "vnet-premium": Premium Service Bus, VNet integration, private endpoints for storage and
// Service Bus, public network access off on both.
param environmentName = 'eventkit-private'
param location = 'westeurope'
param principalId = '11111111-1111-1111-1111-111111111111'
param alertEmail = 'ops@example.com'
param budgetStartDate = '2026-12-01'
param serviceBusSku = 'Premium'
param serviceBusPremiumMessagingUnits = 1
param vnetEnabled = true
param monthlyBudget = 1000
param authClientId = '22222222-2222-2222-2222-222222222222'
