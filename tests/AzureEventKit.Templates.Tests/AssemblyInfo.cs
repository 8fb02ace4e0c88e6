using AzureEventKit.Templates.Tests.Infrastructure;

// One pack and one private hive for the whole run; see TemplateHive.
[assembly: AssemblyFixture(typeof(TemplateHive))]
