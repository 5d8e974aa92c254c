#!/usr/bin/env bash
# Runs one icnd on this machine: builds it, creates an identity on first use (passphrase kept in a
# private file beside it), then runs it: peers on :7777, metrics on http://localhost:9090/metrics,
# until Ctrl+C.
# Data lives in ./.icn-dev unless ICN_DATA_DIR says otherwise; extra arguments go to icnd.
set -euo pipefail
cd "$(dirname "$0")"
data="${ICN_DATA_DIR:-$PWD/.icn-dev}"
mkdir -p "$data" && chmod 700 "$data"
dotnet build src/Icn.Node -c Release --nologo -v quiet
dotnet build src/Icn.Cli -c Release --nologo -v quiet
if [ ! -f "$data/passphrase" ]; then
    (umask 077 && head -c 24 /dev/urandom | base64 > "$data/passphrase")
fi
if [ ! -f "$data/identity.key" ]; then
    dotnet src/Icn.Cli/bin/Release/net10.0/icnctl.dll id init --data-dir "$data" --password-file "$data/passphrase"
fi
# A lone development node has nobody to discover: mDNS stays off unless ICN_MDNS=true asks for it.
export ICN_MDNS="${ICN_MDNS:-false}"
# One topic to publish to straight away: icnctl --data-dir .icn-dev gossip publish coop:news hello
export ICN_GOSSIP_TOPICS="${ICN_GOSSIP_TOPICS:-coop:news}"
exec dotnet src/Icn.Node/bin/Release/net10.0/icnd.dll --data-dir "$data" --password-file "$data/passphrase" "$@"
