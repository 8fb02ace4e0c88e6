namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// Tests that assert a whole table is unchanged. They run alone, after the parallel tests, so no other test's
/// writes can hide or fake a write of theirs.
/// </summary>
[CollectionDefinition(nameof(SerialStorage), DisableParallelization = true)]
public sealed class SerialStorage;
