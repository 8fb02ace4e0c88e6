#!/usr/bin/env pwsh
# azd preprovision hook (PowerShell twin of preprovision.sh). Pins the budget's first month in the azd environment
# the first time an environment is provisioned: Azure refuses to change a budget's start date later, so main.bicep
# must receive the same BUDGET_START_DATE on every provision.
$ErrorActionPreference = 'Stop'

if ($env:BUDGET_START_DATE) {
    Write-Host "preprovision: budget start date is $($env:BUDGET_START_DATE)"
    exit 0
}

# A pipeline's azd environment lives for one run: a date pinned there would move with the calendar, and the next
# month's deployment would fail on the budget. Pipelines must get the developer's pinned value instead.
if ($env:GITHUB_ACTIONS -or $env:TF_BUILD) {
    Write-Error ("preprovision: BUDGET_START_DATE is not set in this pipeline. Provision once from your machine (azd provision " +
        "pins it in your azd environment), then run 'azd pipeline config' to copy it into the pipeline's variables, " +
        "or set the BUDGET_START_DATE variable (yyyy-MM-01) yourself.") -ErrorAction Continue
    exit 1
}

$start = [DateTime]::UtcNow.ToString('yyyy-MM-01', [Globalization.CultureInfo]::InvariantCulture)
azd env set BUDGET_START_DATE $start
if ($LASTEXITCODE -ne 0) { throw "azd env set failed with exit code $LASTEXITCODE" }
Write-Host "preprovision: pinned the budget start date to $start (azd env BUDGET_START_DATE; copy it to CI with azd pipeline config)"
