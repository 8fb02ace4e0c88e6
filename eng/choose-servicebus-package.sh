# Sourced by the update scripts (infra/snapshots/update.sh, docs/api/update.sh) after they set eventkit_project to the
# project they test (`.` passes no arguments in POSIX sh): restores it, and when the feed lacks exactly the Service Bus worker extension, exports EventKitServiceBusContract=true so the
# build uses the compile-time contract, as eng/test.sh does (see eng/README.md). Any other restore failure stops.
if [ "${EventKitServiceBusContract:-}" != "true" ]; then
  if ! eventkit_restore_log=$(dotnet restore "$eventkit_project" 2>&1); then
    eventkit_missing=$(printf '%s\n' "$eventkit_restore_log" | grep -oE 'NU1101: Unable to find package [^ .]+(\.[^ .]+)*' | sort -u | sed 's/.* //')
    if [ "$eventkit_missing" = "Microsoft.Azure.Functions.Worker.Extensions.ServiceBus" ]; then
      export EventKitServiceBusContract=true
      echo "EVENTKIT: this feed lacks Microsoft.Azure.Functions.Worker.Extensions.ServiceBus; building against the compile-time contract (eng/README.md)."
    else
      printf '%s\n' "$eventkit_restore_log"
      echo "Restore failed for a reason other than the missing Service Bus extension." >&2
      exit 1
    fi
  fi
fi
