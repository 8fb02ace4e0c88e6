#!/usr/bin/env pwsh
# PowerShell twin of eng/test.sh: pinned Azurite via npm, restore with the Service Bus contract fallback,
# build, test, and a final "N passed, N failed" line.
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..')
$root = (Get-Location).Path
$results = Join-Path $root 'artifacts/test-results'
$configuration = if ($env:CONFIGURATION) { $env:CONFIGURATION } else { 'Release' }
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'

Write-Host "`n==> Installing pinned tools (eng/package.json: Azurite)"
npm ci --prefix eng --no-audit --no-fund --loglevel=error
if ($LASTEXITCODE -ne 0) { throw 'npm ci failed' }

Write-Host "`n==> Restoring"
if ($env:EventKitServiceBusContract -ne 'true') {
  $log = dotnet restore src/AzureEventKit.Functions 2>&1 | Out-String
  if ($LASTEXITCODE -ne 0) {
    $missing = [regex]::Matches($log, 'NU1101: Unable to find package (\S+)\.') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique
    if (@($missing).Count -eq 1 -and $missing -eq 'Microsoft.Azure.Functions.Worker.Extensions.ServiceBus') {
      $env:EventKitServiceBusContract = 'true'
      Write-Warning 'EVENTKIT: this feed does not serve Microsoft.Azure.Functions.Worker.Extensions.ServiceBus.'
      Write-Warning 'Building against the compile-time CONTRACT in eng/ServiceBusContract. Tests and local runs work; publishing is refused. See eng/README.md.'
    } else {
      Write-Host $log
      throw 'Restore failed for a reason other than the missing Service Bus extension.'
    }
  }
}
dotnet restore AzureEventKit.sln
if ($LASTEXITCODE -ne 0) { throw 'restore failed' }

Write-Host "`n==> Building ($configuration)"
dotnet build AzureEventKit.sln -c $configuration --no-restore
if ($LASTEXITCODE -ne 0) { throw 'build failed' }

Write-Host "`n==> Testing"
if (Test-Path $results) { Remove-Item -Recurse -Force $results }
dotnet test --solution AzureEventKit.sln -c $configuration --no-build -p:EventKitTestReports=true --results-directory $results @args
$testStatus = $LASTEXITCODE

# The emulator's second client stack: the JavaScript SDK (@azure/service-bus, pinned with its lockfile). The suite
# starts the CLI built above on a free loopback port and writes JUnit results that are counted below.
$jsTests = 'tests/EventKit.ServiceBus.Emulator.JsTests'
Write-Host "`n==> Testing the Service Bus emulator with the JavaScript SDK ($jsTests)"
npm ci --prefix $jsTests --no-audit --no-fund --loglevel=error
if ($LASTEXITCODE -ne 0) { throw 'npm ci failed' }
New-Item -ItemType Directory -Force -Path $results | Out-Null
$env:CONFIGURATION = $configuration
Push-Location $jsTests
try {
  $jsFiles = (Get-ChildItem -Path test -Filter '*.test.js').FullName
  node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=junit --test-reporter-destination=(Join-Path $results 'emulator-js.junit.xml') @jsFiles
  if ($LASTEXITCODE -ne 0) { $testStatus = $LASTEXITCODE }
} finally { Pop-Location }

#if (repositoryOnly)
# The minimal sample (`dotnet new eventkit --sample minimal`) built from this tree: -p:EventKitSample=minimal defines the
# `minimal` symbol and swaps in templates/minimal/ (templates/sample/Minimal.props), into bin/minimal and obj/minimal.
# Two tests read the repository's files rather than the build's (the feature folders on disk, docs/api/openapi.json),
# which here are the default sample's; the template tests run them on a generated minimal solution.
Write-Host "`n==> Building and testing the minimal sample (-p:EventKitSample=minimal)"
dotnet build tests/AzureEventKit.Functions.Tests -c $configuration --no-restore -p:EventKitSample=minimal
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet test --project tests/AzureEventKit.Functions.Tests -c $configuration --no-build -p:EventKitSample=minimal -p:EventKitTestReports=true --results-directory $results -- --filter-not-class "*FeatureDependencyTests" --filter-not-method "*OpenApiDocument_Routes_AreTheHttpFunctionsOfTheDocumentedFeatures"
if ($LASTEXITCODE -ne 0) { $testStatus = $LASTEXITCODE }

# The template package's tests exist in this repository only (`dotnet new eventkit` leaves this block out). They run
# after the solution's tests, not beside them: each instantiation restores, builds and tests a whole generated solution.
Write-Host "`n==> Testing the templates (pack, install in a private hive, generate, build and test)"
dotnet build tests/AzureEventKit.Templates.Tests -c $configuration
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet test --project tests/AzureEventKit.Templates.Tests -c $configuration --no-build -p:EventKitTestReports=true --results-directory $results -- --filter-not-trait "Category=TemplateMatrix"
if ($LASTEXITCODE -ne 0) { $testStatus = $LASTEXITCODE }
#endif

$passed = 0; $failed = 0; $failedNames = @()
foreach ($trx in Get-ChildItem -Path $results -Filter '*.trx' -ErrorAction SilentlyContinue) {
  $run = ([xml](Get-Content $trx.FullName -Raw)).TestRun
  $counters = $run.ResultSummary.Counters
  $passed += [int]$counters.passed
  $failed += [int]$counters.failed + [int]$counters.error
  $failedNames += @($run.Results.UnitTestResult | Where-Object { $_.outcome -ne 'Passed' -and $_.outcome -ne 'NotExecuted' } |
    ForEach-Object { "  $($trx.BaseName): $($_.testName)" })
}
# Node's JUnit report ends with comments carrying its totals; a cancelled test (timeout, failed hook) is a failure.
foreach ($junit in Get-ChildItem -Path $results -Filter '*.junit.xml' -ErrorAction SilentlyContinue) {
  $text = Get-Content $junit.FullName -Raw
  $count = { param($name) $m = [regex]::Matches($text, "<!-- $name (\d+) -->"); if ($m.Count) { [int]$m[$m.Count - 1].Groups[1].Value } else { 0 } }
  $passed += & $count 'pass'
  $failed += (& $count 'fail') + (& $count 'cancelled')
  $failedNames += @([regex]::Matches($text, '<testcase name="([^"]*)"[^<]*<failure') | ForEach-Object { "  $($junit.BaseName): $($_.Groups[1].Value)" })
}
# The failures again, last, so that a log read from its end names them.
if ($failedNames.Count) { Write-Host "`nFailed:"; $failedNames | ForEach-Object { Write-Host $_ } }
if ($testStatus -ne 0 -and $failed -eq 0) { $failed = 1 }
Write-Host "`n$passed passed, $failed failed"
if ($failed -ne 0 -or $passed -eq 0) { exit 1 }
