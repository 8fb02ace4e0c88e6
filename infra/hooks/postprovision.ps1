#!/usr/bin/env pwsh
# azd postprovision hook (PowerShell twin of postprovision.sh). Writes the Functions app's local.settings.json so
# that `func start` (or the kit's local host) runs against the resources azd just provisioned.
#
# Identity-based only: no keys, no connection strings. Locally the connections carry no __credential or
# __clientId, so DefaultAzureCredential signs in as you (azd, Azure CLI or Visual Studio), and the principalId
# that azd passed to main.bicep holds the data roles.
#
# Input: the azd environment values (main.bicep outputs) as environment variables.
# Output: $env:EVENTKIT_LOCAL_SETTINGS, by default src/AzureEventKit.Functions/local.settings.json. An existing
# file that this hook did not write is kept as local.settings.json.bak.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = Resolve-Path (Join-Path $PSScriptRoot '../..')
$target = if ($env:EVENTKIT_LOCAL_SETTINGS) { $env:EVENTKIT_LOCAL_SETTINGS } else { Join-Path $root 'src/AzureEventKit.Functions/local.settings.json' }
$generatedBy = 'infra/hooks/postprovision'

function Get-Required([string] $name) {
    $value = [Environment]::GetEnvironmentVariable($name)
    if ([string]::IsNullOrEmpty($value)) {
        throw "postprovision: $name is not set; run this hook through 'azd provision' or export the azd environment values."
    }
    if ($value -notmatch '^[A-Za-z0-9.:/_-]+$') {
        throw "postprovision: $name has unexpected characters: $value"
    }
    return $value
}

$values = [ordered]@{
    'EventKit:GeneratedBy'                    = $generatedBy
    'FUNCTIONS_WORKER_RUNTIME'                = 'dotnet-isolated'
    'AzureWebJobsStorage__accountName'        = Get-Required 'AZURE_STORAGE_ACCOUNT_NAME'
    'ServiceBus__fullyQualifiedNamespace'     = Get-Required 'SERVICEBUS_NAMESPACE_FQDN'
    'Tables__serviceUri'                      = (Get-Required 'AZURE_STORAGE_TABLE_ENDPOINT').TrimEnd('/')
    'Messaging__TopicName'                    = Get-Required 'SERVICEBUS_TOPIC_NAME'
    'Fulfillment__PaymentConfirmationTimeout' = if ($env:FULFILLMENT_PAYMENT_CONFIRMATION_TIMEOUT) { $env:FULFILLMENT_PAYMENT_CONFIRMATION_TIMEOUT } else { '00:15:00' }
}

if ((Test-Path $target) -and -not (Select-String -Path $target -SimpleMatch $generatedBy -Quiet)) {
    Copy-Item $target "$target.bak" -Force
    Write-Host "postprovision: kept your previous $(Split-Path $target -Leaf) as $(Split-Path $target -Leaf).bak"
}

New-Item -ItemType Directory -Force -Path (Split-Path $target -Parent) | Out-Null
[ordered]@{ IsEncrypted = $false; Values = $values } | ConvertTo-Json -Depth 3 | Set-Content -Path $target -Encoding utf8

Write-Host "postprovision: wrote $target (identity-based; sign in with 'az login' or 'azd auth login' before running locally)"
if ($env:AZURE_VNET_ENABLED -eq 'true') {
    Write-Warning 'postprovision: VNet is enabled: storage and Service Bus refuse public traffic, so local runs need network access to the VNet.'
}
