using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AzureEventKit.Infra.Tests;

/// <summary>
/// The README's test command (eng/test.sh, eng/test.ps1): every test project's report is counted, and a failure is
/// named where a reader of the log's last lines will see it.
/// </summary>
public sealed partial class TestCommandTests : IDisposable
{
    private readonly string results = Directory.CreateTempSubdirectory("eventkit-test-summary-").FullName;

    [Theory]
    [InlineData("test.sh")]
    [InlineData("test.ps1")]
    public void TestCommand_EveryDotnetTest_AsksForAReportNamedAfterItsProject(string script)
    {
        // xUnit's own report name is the test process's start time; projects started together can overwrite each
        // other's report, and their tests silently drop out of the count. tests/Directory.Build.props names it per project.
        var invocations = DotnetTest().Matches(File.ReadAllText(Repository.PathOf("eng", script)));

        Assert.NotEmpty(invocations);
        Assert.All(invocations, invocation =>
        {
            Assert.Contains("-p:EventKitTestReports=true", invocation.Value, StringComparison.Ordinal);
            Assert.DoesNotContain("--report-xunit-trx", invocation.Value, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Summary_FailedTests_AreNamedBeforeTheFinalCount()
    {
        WriteTrx("Contoso.Orders.Tests", passed: ["Contoso.Orders.Tests.A.Ok"], failed: ["Contoso.Orders.Tests.A.Fails(x: 1)"]);
        WriteTrx("Contoso.Orders.Infra.Tests", passed: ["Contoso.Orders.Infra.Tests.B.Ok", "Contoso.Orders.Infra.Tests.B.AlsoOk"], failed: []);
        WriteJunit("emulator-js", passed: ["sends"], failed: ["settles a > b"]);

        var (exitCode, output) = await SummarizeAsync(testStatus: 1);

        Assert.Equal(1, exitCode);
        var lines = output.TrimEnd().Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.Equal("4 passed, 2 failed", lines[^1]);
        var failedAt = Array.IndexOf(lines, "Failed:");
        Assert.True(failedAt >= 0, output);
        Assert.Equal(
            ["  Contoso.Orders.Tests: Contoso.Orders.Tests.A.Fails(x: 1)", "  emulator-js: settles a > b"],
            lines[(failedAt + 1)..(failedAt + 3)]);
    }

    [Fact]
    public async Task Summary_AllPassed_EndsWithTheCountAndSucceeds()
    {
        WriteTrx("Contoso.Orders.Tests", passed: ["Contoso.Orders.Tests.A.Ok"], failed: []);
        WriteJunit("emulator-js", passed: ["sends", "receives"], failed: []);

        var (exitCode, output) = await SummarizeAsync(testStatus: 0);

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("Failed:", output, StringComparison.Ordinal);
        Assert.EndsWith("3 passed, 0 failed", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_ATestHostThatNeverReported_CountsAsAFailure()
    {
        WriteTrx("Contoso.Orders.Tests", passed: ["Contoso.Orders.Tests.A.Ok"], failed: []);

        var (exitCode, output) = await SummarizeAsync(testStatus: 3);

        Assert.Equal(1, exitCode);
        Assert.EndsWith("1 passed, 1 failed", output.TrimEnd(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(results, recursive: true);

    private void WriteTrx(string project, string[] passed, string[] failed)
    {
        // The shape xUnit's TRX report has: one UnitTestResult per test, then the counters.
        var rows = passed.Select(n => Result(n, "Passed")).Concat(failed.Select(n => Result(n, "Failed")));
        File.WriteAllText(Path.Combine(results, project + ".trx"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Results>
            {string.Join('\n', rows)}
              </Results>
              <ResultSummary outcome="{(failed.Length == 0 ? "Completed" : "Failed")}">
                <Counters total="{passed.Length + failed.Length}" executed="{passed.Length + failed.Length}" passed="{passed.Length}" failed="{failed.Length}" error="0" timeout="0" aborted="0" />
              </ResultSummary>
            </TestRun>
            """);

        static string Result(string name, string outcome) =>
            $"""    <UnitTestResult executionId="{Guid.NewGuid()}" testId="{Guid.NewGuid()}" testName="{name}" computerName="ci" duration="00:00:00.01" outcome="{outcome}" />""";
    }

    private void WriteJunit(string name, string[] passed, string[] failed)
    {
        // The shape Node's JUnit reporter writes: a failure attribute and a multi-line <failure> child, totals in comments.
        var cases = passed.Select(n => $"""  <testcase name="{n}" time="0.01" classname="test"/>""")
            .Concat(failed.Select(n => $"""
                  <testcase name="{n}" time="0.01" classname="test" failure="expected 1 > 0">
                    <failure type="testCodeFailure" message="expected 1 > 0">
                AssertionError: expected 1 > 0
                    </failure>
                  </testcase>
                """));
        File.WriteAllText(Path.Combine(results, name + ".junit.xml"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <testsuites>
            {string.Join('\n', cases)}
            </testsuites>
            <!-- tests {passed.Length + failed.Length} -->
            <!-- pass {passed.Length} -->
            <!-- fail {failed.Length} -->
            <!-- cancelled 0 -->
            """);
    }

    private async Task<(int ExitCode, string Output)> SummarizeAsync(int testStatus)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        info.ArgumentList.Add(Repository.PathOf("eng", "summarize-tests.sh"));
        info.ArgumentList.Add(results);
        info.ArgumentList.Add(testStatus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>A <c>dotnet test</c> command with its continuation lines (bash <c>\</c>).</summary>
    [GeneratedRegex(@"^dotnet test (?:[^\n]*\\\n)*[^\n]*", RegexOptions.Multiline)]
    private static partial Regex DotnetTest();
}
