#!/usr/bin/env bash
# Fuzzes the frame reader and envelope decoder with AFL++ through SharpFuzz.
#   needs: apt-get install afl++ ; dotnet tool install --global SharpFuzz.CommandLine
#   usage: fuzz/run.sh [seconds]   (default 600); findings land in artifacts/fuzz/findings
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
out=artifacts/fuzz
rm -rf "$out/bin" "$out/corpus"
mkdir -p "$out/corpus"
dotnet publish fuzz/Icn.Protocol.Fuzz -c Release -o "$out/bin" --nologo -v quiet
"${HOME}/.dotnet/tools/sharpfuzz" "$out/bin/Icn.Protocol.dll"

# Seeds: the golden vectors of docs/protocol.md, each in a frame, and two frames back to back.
seed() { printf '%s' "$2" | xxd -r -p > "$out/corpus/$1"; }
seed ping     0000000b010100000000000000002a
seed pong     0000000b01020000000000000000ff
seed direct   00000012011000000000047465737400000003010203
seed traced   00000011010101000000020a0b0000000000000007
seed two      0000000b010100000000000000002a0000000b01020000000000000000ff

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
afl-fuzz -V "$seconds" -i "$out/corpus" -o "$out/findings" -t 5000 -m none -- dotnet "$out/bin/Icn.Protocol.Fuzz.dll"
