#!/usr/bin/env pwsh
# azd preprovision hook (PowerShell twin of preprovision.sh). Pins the budget's first month in the azd environment
# the first time an environment is provisioned: Azure refuses to change a budget's start date later, so main.bicep
# must receive the same BUDGET_START_DATE on every provision.
$ErrorActionPreference = 'Stop'

if ($env:BUDGET_START_DATE) {
    Write-Host "preprovision: budget start date is $($env:BUDGET_START_DATE)"
    exit 0
}

$start = [DateTime]::UtcNow.ToString('yyyy-MM-01', [Globalization.CultureInfo]::InvariantCulture)
azd env set BUDGET_START_DATE $start
if ($LASTEXITCODE -ne 0) { throw "azd env set failed with exit code $LASTEXITCODE" }
Write-Host "preprovision: pinned the budget start date to $start (azd env BUDGET_START_DATE; copy it to CI with azd pipeline config)"
