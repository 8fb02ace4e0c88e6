using '../main.bicep'

// Snapshot parameter set "always-ready": the default footprint plus one warm instance for the Service Bus trigger
// that starts fulfillment, so the first order after an idle period is not delayed by a cold start
// (azure-functions-dotnet-worker #2902), and for the Durable group that runs the saga.
param environmentName = 'eventkit-warm'
param location = 'westeurope'
param principalId = '11111111-1111-1111-1111-111111111111'
param alertEmail = 'ops@example.com'
param budgetStartDate = '2026-12-01'
param monthlyBudget = 100
param alwaysReady = [
  { name: 'function:StartFulfillment', instanceCount: 1 }
  { name: 'durable', instanceCount: 1 }
]
param authClientId = '22222222-2222-2222-2222-222222222222'
