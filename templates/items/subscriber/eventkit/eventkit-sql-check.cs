#:property PublishAot=false
#:project ../src/EventKit.ServiceBus.Emulator/EventKit.ServiceBus.Emulator.csproj
// Run by eventkit-subscriber's post-action when `--filter` gives a SQL rule: loads the candidate topology file (its path is
// the one argument) with the local Service Bus emulator's own validation, which parses every SQL filter with the parser
// local runs and tests use. Prints the reason and exits 1 when the file is not valid; deleted with the post-action.
using EventKit.ServiceBus.Emulator;

try
{
    EmulatorTopology.Parse(File.ReadAllText(args[0]));
    return 0;
}
catch (EmulatorTopologyException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 1;
}
