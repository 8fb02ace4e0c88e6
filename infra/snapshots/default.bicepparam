using '../main.bicep'

// Snapshot parameter set "default": Standard Service Bus, no VNet, scale to zero.
param environmentName = 'eventkit-default'
param location = 'westeurope'
param principalId = '11111111-1111-1111-1111-111111111111'
param alertEmail = 'ops@example.com'
param budgetStartDate = '2026-12-01'
param authClientId = '22222222-2222-2222-2222-222222222222'
