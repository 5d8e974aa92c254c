#!/usr/bin/env bash
# Builds icnd and icnctl, then:
#   ./run.sh          a local devnet: 3 nodes on loopback, connected, with a demo currency, entries and
#                     payments, and a table of where each node's metrics and RPC are (data in ./.icn-devnet)
#   ./run.sh status   the devnet's nodes now
#   ./run.sh down     stop the devnet (its data stays)
#   ./run.sh node     one node in the foreground until Ctrl+C (data in ./.icn-dev; metrics on :9090)
# Extra arguments go to icnctl devnet up (e.g. --nodes 5), or to icnd for "node".
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-up}"
[ $# -gt 0 ] && shift
dotnet build src/Icn.Node -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build src/Icn.Cli -c Release --nologo -v quiet -clp:ErrorsOnly
icnctl=(dotnet src/Icn.Cli/bin/Release/net10.0/icnctl.dll)
case "$mode" in
    up) exec "${icnctl[@]}" devnet up --nodes 3 --demo "$@" ;;
    status | down) exec "${icnctl[@]}" devnet "$mode" "$@" ;;
    node) ;;
    *) echo "usage: ./run.sh [up | status | down | node]" >&2; exit 2 ;;
esac

data="${ICN_DATA_DIR:-$PWD/.icn-dev}"
mkdir -p "$data" && chmod 700 "$data"
if [ ! -f "$data/passphrase" ]; then
    (umask 077 && head -c 24 /dev/urandom | base64 > "$data/passphrase")
fi
if [ ! -f "$data/identity.key" ]; then
    "${icnctl[@]}" id init --data-dir "$data" --password-file "$data/passphrase"
fi
# A lone development node has nobody to discover: mDNS stays off unless ICN_MDNS=true asks for it.
export ICN_MDNS="${ICN_MDNS:-false}"
# One topic to publish to straight away: icnctl --data-dir .icn-dev gossip publish coop:news hello
export ICN_GOSSIP_TOPICS="${ICN_GOSSIP_TOPICS:-coop:news}"
exec dotnet src/Icn.Node/bin/Release/net10.0/icnd.dll --data-dir "$data" --password-file "$data/passphrase" "$@"
