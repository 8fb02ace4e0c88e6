#!/bin/sh
# azd postprovision hook (POSIX sh). Writes the Functions app's local.settings.json so that `func start` (or the
# kit's local host) runs against the resources azd just provisioned.
#
# Identity-based only: no keys, no connection strings. Locally the connections carry no __credential or
# __clientId, so DefaultAzureCredential signs in as you (azd, Azure CLI or Visual Studio), and the principalId
# that azd passed to main.bicep holds the data roles. With VNET_ENABLED=true the resources refuse public traffic,
# so this only works from inside the network.
#
# Input: the azd environment values (main.bicep outputs) as environment variables.
# Output: $EVENTKIT_LOCAL_SETTINGS, by default src/AzureEventKit.Functions/local.settings.json. An existing file
# that this hook did not write is kept as local.settings.json.bak.
set -eu

root=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
target=${EVENTKIT_LOCAL_SETTINGS:-$root/src/AzureEventKit.Functions/local.settings.json}
marker='"EventKit:GeneratedBy": "infra/hooks/postprovision"'

require() {
  eval "value=\${$1:-}"
  if [ -z "$value" ]; then
    echo "postprovision: $1 is not set; run this hook through 'azd provision' or export the azd environment values." >&2
    exit 1
  fi
  # Values go into JSON verbatim: accept only characters that need no escaping.
  case $value in
    *[!A-Za-z0-9.:/_-]*)
      echo "postprovision: $1 has unexpected characters: $value" >&2
      exit 1
      ;;
  esac
  printf '%s' "$value"
}

storage_account=$(require AZURE_STORAGE_ACCOUNT_NAME)
table_endpoint=$(require AZURE_STORAGE_TABLE_ENDPOINT)
servicebus_fqdn=$(require SERVICEBUS_NAMESPACE_FQDN)
topic_name=$(require SERVICEBUS_TOPIC_NAME)
payment_timeout=${FULFILLMENT_PAYMENT_CONFIRMATION_TIMEOUT:-00:15:00}
table_endpoint=${table_endpoint%/}

if [ -f "$target" ] && ! grep -q "$marker" "$target"; then
  cp "$target" "$target.bak"
  echo "postprovision: kept your previous $(basename "$target") as $(basename "$target").bak"
fi

mkdir -p "$(dirname "$target")"
cat > "$target" <<JSON
{
  "IsEncrypted": false,
  "Values": {
    "EventKit:GeneratedBy": "infra/hooks/postprovision",
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
    "AzureWebJobsStorage__accountName": "$storage_account",
    "ServiceBus__fullyQualifiedNamespace": "$servicebus_fqdn",
    "Tables__serviceUri": "$table_endpoint",
    "Messaging__TopicName": "$topic_name",
    "Fulfillment__PaymentConfirmationTimeout": "$payment_timeout"
  }
}
JSON

echo "postprovision: wrote $target (identity-based; sign in with 'az login' or 'azd auth login' before running locally)"
if [ "${AZURE_VNET_ENABLED:-false}" = "true" ]; then
  echo "postprovision: VNet is enabled: storage and Service Bus refuse public traffic, so local runs need network access to the VNet." >&2
fi
